"""Diagnostics: what is wrong, where, and what to do about it.

A diagnostic stores a stable code and the parameters of its message; the words come
from the message catalogue of the plan's language when the result is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as default
from typing import Any, Literal

#: An error fails the check; a warning fails it under --strict; an info only tells.
Severity = Literal["error", "warning", "info"]

#: Every code the toolkit can report, with its severity. Codes never change meaning.
#: KC1xx reading YAML · KC2xx schema · KC3xx catalogue · KC4xx references ·
#: KC5xx completeness and planning rules · KC6xx commands and rendering · KC7xx workflow
#: · KC8xx spreadsheets · KC9xx the plan in git.
CODES: dict[str, Severity] = {
    "KC101": "error",  # YAML syntax
    "KC102": "error",  # not UTF-8
    "KC103": "error",  # tab used for indentation
    "KC104": "error",  # %YAML / %TAG directive
    "KC105": "error",  # duplicate key
    "KC106": "error",  # tag not allowed
    "KC107": "error",  # symlink leading outside the plan folder
    "KC108": "error",  # file too large
    "KC109": "error",  # file unreadable
    "KC110": "error",  # document is not a mapping
    "KC111": "error",  # nesting too deep
    "KC112": "error",  # too many nodes
    "KC113": "error",  # alias used
    "KC114": "error",  # stage folder is a link leading outside the plan folder
    "KC115": "error",  # too many files in a stage folder
    "KC116": "error",  # not a regular file (folder, pipe or device)
    "KC117": "error",  # control or bidi character in plan text
    "KC118": "warning",  # entry of a stage folder skipped: not a regular file
    "KC119": "error",  # a git merge conflict left in the file
    "KC201": "error",  # required field missing
    "KC202": "error",  # unknown key
    "KC203": "error",  # wrong type
    "KC204": "error",  # value not among the allowed ones
    "KC205": "error",  # id or code in the wrong form
    "KC206": "error",  # number out of range
    "KC207": "error",  # empty text or list
    "KC208": "error",  # not a valid date
    "KC209": "error",  # other invalid value
    "KC210": "error",  # section defined in two files
    "KC211": "error",  # unsupported schema version
    "KC212": "error",  # amount of money beyond the upper bound
    "KC213": "error",  # a scaffold placeholder (…) still to be filled in
    "KC301": "error",  # unknown catalogue
    "KC302": "error",  # unknown dimension
    "KC303": "error",  # element not in its dimension
    "KC304": "error",  # element missing where the dimension has elements
    "KC401": "error",  # unknown reference
    "KC402": "error",  # duplicate id
    "KC403": "error",  # SWOT id in the wrong quadrant
    "KC404": "error",  # strategy answers no SWOT item
    "KC405": "error",  # programme serves no strategy
    "KC406": "error",  # two action-plan entries for one programme
    "KC407": "error",  # quick win names a dropped programme
    "KC501": "error",  # stage section missing or empty
    "KC502": "error",  # programme without action plan
    "KC503": "error",  # year outside the plan period
    "KC504": "error",  # last year before first year
    "KC505": "error",  # budget year outside the action plan's years
    "KC506": "error",  # horizon does not match the years
    "KC507": "error",  # action plan without an indicator
    "KC508": "warning",  # SWOT weakness or threat answered by no strategy
    "KC509": "warning",  # dimension without a quick win
    "KC510": "error",  # quick win longer than 12 months
    "KC511": "error",  # quick win ends before it starts
    "KC512": "error",  # indicator without baseline or target
    "KC513": "error",  # waiver for an error
    "KC514": "warning",  # waiver for an unknown code
    "KC515": "warning",  # content changed since the commitment was sealed
    "KC516": "warning",  # waiver that matches no warning
    "KC517": "error",  # a period that ends before it starts
    "KC518": "error",  # workshop dates out of order
    "KC519": "error",  # stage closed before its workshop or before the stage before it
    "KC520": "error",  # stage closed in the future
    "KC521": "error",  # stage still open while a later one is closed
    "KC522": "warning",  # commitment signed away from the last workshop
    "KC523": "warning",  # quick win budget above its programme's action plan
    "KC524": "info",  # plan period runs past the last RPJMD recorded
    "KC525": "warning",  # quick-win activity outside the quick win's months
    "KC526": "error",  # quick-win activity ends before it starts
    "KC527": "error",  # a re-seal dated before the signing or the seal before it, or to come
    # KC530-KC548: stage 5, the yearly reports after the commitment (`5-pelaksanaan/`)
    "KC530": "error",  # report for a programme or quick win that does not exist
    "KC531": "error",  # report for an indicator its programme or quick win does not have
    "KC532": "error",  # report for a year before the commitment or after the plan period
    "KC533": "error",  # `tahun` is not the year in the file's name
    "KC534": "error",  # reported twice: a year, programme, quick win, indicator or dimension
    "KC535": "error",  # late, postponed or cancelled without a reason
    "KC536": "warning",  # spending above the year's budget for that source
    "KC537": "error",  # spending on a dropped or cancelled programme
    "KC538": "warning",  # reported done while an indicator is below its target
    "KC539": "warning",  # active in a year that has ended, with no report
    "KC540": "error",  # evidence outside the plan folder, or neither a link nor under bukti/
    "KC541": "warning",  # evidence file not found
    "KC542": "error",  # evaluation weights that do not add up to 100
    "KC543": "error",  # evaluation score above the scale
    "KC544": "warning",  # file in 5-pelaksanaan/ that is no yearly report: skipped
    "KC545": "error",  # stage 5 opened before the commitment, or on a day to come
    "KC546": "info",  # indicators without an id: the reports use proposed ids
    "KC547": "error",  # `--year` for a stage without yearly files
    "KC548": "error",  # indicator ids not written: stages 1 to 4 have errors
    "KC549": "error",  # `--year` or `--realisation` names a year no report can be for
    "KC601": "error",  # no plan folder found
    "KC602": "error",  # stage number out of range
    "KC610": "error",  # book template syntax error
    "KC611": "error",  # book template uses an undefined value
    "KC612": "error",  # book template tried something unsafe
    "KC613": "error",  # book templates ran past the time limit
    "KC614": "error",  # book template not found or outside the templates folder
    "KC615": "error",  # book template failed while rendering
    "KC616": "error",  # outline or label file unreadable
    "KC617": "error",  # outline value invalid
    "KC618": "error",  # outline names an unknown chapter
    "KC619": "error",  # output folder is a symlink or not a folder
    "KC620": "error",  # output file cannot be written
    "KC621": "error",  # label of the wrong kind in a plan's label file
    "KC622": "error",  # unknown output format
    "KC623": "warning",  # SOURCE_DATE_EPOCH unusable, ignored
    "KC624": "error",  # output folder refused: plan folder, stage folder, or not built by us
    "KC625": "warning",  # city template is a link or unreadable: the shipped one is used
    "KC626": "error",  # a format's library (an optional extra) cannot be imported
    "KC627": "error",  # a format's engine program (Chromium) is not installed
    "KC628": "error",  # a writer's option given a value it does not take
    "KC629": "error",  # a PDF or Word engine failed on a book
    "KC630": "error",  # a PDF or Word engine ran past its time limit
    "KC631": "error",  # the city's Word reference document refused
    "KC632": "warning",  # HTML the Word writer does not understand: plain paragraphs
    "KC633": "warning",  # a chart that cannot be rasterised for Word: its title instead
    "KC634": "error",  # a path or stream the system refused (name too long, disk full, ...)
    "KC635": "error",  # an `init` option that would give a manifest the plan refuses
    "KC636": "error",  # an option or argument the command line refuses
    "KC637": "error",  # a city label holding a control character or a direction override
    "KC638": "warning",  # a character a Word document cannot hold, from a city template
    "KC701": "error",  # stage does not pass, not closed
    "KC702": "error",  # every stage already closed
    "KC703": "error",  # scaffold target exists, nothing written
    "KC704": "error",  # not a valid date
    "KC705": "error",  # manifest stage log cannot be edited
    "KC706": "error",  # seal asked for before stage 4 is closed
    "KC707": "error",  # init target exists, nothing written
    "KC708": "error",  # a plan file could not be written; nothing was changed
    "KC709": "error",  # another kotacerdas is changing the plan
    "KC710": "warning",  # an interrupted change was finished or undone
    "KC711": "error",  # a stage closed before its workshop has taken place
    # KC8xx: Excel workbooks, `export xlsx` and `import xlsx`
    "KC801": "error",  # spreadsheet support (the `xlsx` extra, openpyxl) not installed
    "KC802": "error",  # not an .xlsx workbook that can be read
    "KC803": "error",  # workbook is password-protected
    "KC804": "error",  # workbook too large, or a zip bomb
    "KC805": "error",  # workbook holds macros
    "KC806": "error",  # workbook links to other files
    "KC807": "error",  # too many rows or columns in a sheet
    "KC808": "error",  # not a workbook `export xlsx` wrote
    "KC809": "error",  # workbook exported from another plan
    "KC810": "error",  # XML DTD or entity declaration in a workbook part
    "KC811": "error",  # workbook cannot be written
    "KC812": "error",  # data sheet missing
    "KC813": "error",  # data column missing
    "KC814": "error",  # column header twice
    "KC815": "error",  # two sheets hold the same data sheet (a copy, or both languages)
    "KC820": "error",  # cell of the wrong type
    "KC821": "error",  # value not in its closed list
    "KC822": "error",  # unknown dimension
    "KC823": "error",  # element not in its dimension
    "KC824": "error",  # year outside the plan period
    "KC825": "error",  # last year before first year
    "KC826": "error",  # amount not whole Rupiah without separators
    "KC827": "error",  # number that reads two ways
    "KC828": "error",  # id in the wrong form
    "KC829": "error",  # id already used
    "KC830": "error",  # hidden key points to nothing in the plan
    "KC831": "error",  # hidden key typed over or copied
    "KC832": "error",  # formula in a data column
    "KC833": "error",  # control character in cell text
    "KC834": "error",  # cell text too long
    "KC835": "error",  # required cell empty
    "KC836": "error",  # reference to no such item
    "KC837": "error",  # changed in the workbook and in the plan since the export
    "KC838": "error",  # a cell the import does not change (id, programme of a row)
    "KC839": "error",  # action-plan cells where the programme has no action plan
    "KC840": "error",  # the YAML there cannot be edited in place
    "KC841": "warning",  # in the plan but not in the workbook: not deleted
    "KC842": "warning",  # exported without the parts of the plan that could not be read
    "KC843": "error",  # a new row in a realisation workbook
    "KC844": "error",  # no programme of that agency is active in the year
    "KC845": "error",  # --agency without --realisation
    "KC846": "error",  # --out names something that is not a workbook: not replaced
    "KC847": "error",  # a positional row's line changed in the plan since the export
    "KC848": "error",  # a new budget line or indicator repeats one already in the plan
    "KC849": "warning",  # a realisation workbook whose year has no file: unchanged cells unwritten
    "KC712": "error",  # no scaffold without a readable manifest
    "KC714": "error",  # an earlier change recovery cannot complete: nothing more is written
    "KC713": "error",  # a seal's reason that holds a control character or a line break
    # KC9xx: the plan in git (`diff`)
    "KC901": "error",  # plan folder not in a git repository
    "KC902": "error",  # unknown revision
    "KC903": "error",  # no plan at that revision
    "KC904": "error",  # git not installed
    "KC905": "error",  # git could not be run
    "KC906": "error",  # more than two revisions given
    "KC907": "error",  # a file at a revision cannot be laid out safely (`..`, absolute, a bad link)
    "KC908": "error",  # git refuses a repository another user owns (`safe.directory`)
}


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a plan, located to a file, line and column."""

    code: str
    severity: Severity
    file: str
    line: int
    column: int
    field: str = ""
    params: dict[str, Any] = default(default_factory=dict, compare=False, hash=False)
    waived: str | None = None

    @classmethod
    def new(
        cls, code: str, file: str, line: int, column: int, *, field: str = "", **params: Any
    ) -> Diagnostic:
        return cls(code, CODES[code], file, line, column, field, params)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


@dataclass
class CheckResult:
    """Everything a check found, in a stable order."""

    diagnostics: list[Diagnostic] = default(default_factory=list)
    language: str = "id"
    checked_files: list[str] = default(default_factory=list)

    def add(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: d.sort_key)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning" and not d.waived]

    def exit_code(self, *, strict: bool = False) -> int:
        failing = self.errors or (strict and self.warnings)
        return 1 if failing else 0


def field_path(loc: tuple[Any, ...]) -> str:
    """``('program', 3, 'nama')`` as ``program[3].nama``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
