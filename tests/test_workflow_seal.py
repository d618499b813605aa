"""The commitment seal depends on content only: not on key order, layout or comments."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kotacerdas.plan import load_plan
from kotacerdas.seal import fingerprint, item_hashes
from kotacerdas.source import dump_round_trip, load_round_trip

BASE = Path(__file__).parent / "cases" / "rules" / "_base"
ACTIONS = "3-finalisasi/rencana-aksi.yaml"
KEYS = ("program", "opd", "tahun_mulai", "tahun_selesai", "anggaran", "indikator")


def _hashes(root: Path) -> dict[str, str]:
    plan, problems = load_plan(root, 4)
    assert problems == []
    return item_hashes(plan)


BASE_HASHES = _hashes(BASE)


@settings(max_examples=25, deadline=None)
@given(order=st.permutations(KEYS), comment=st.text("abc xyz", min_size=1, max_size=20))
def test_key_order_and_comments_do_not_change_the_seal(order: list[str], comment: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "plan"
        shutil.copytree(BASE, root)
        tree = load_round_trip((root / ACTIONS).read_text("utf-8"))
        for index, entry in enumerate(tree["rencana_aksi"]):
            if "batal" not in entry:
                tree["rencana_aksi"][index] = {key: entry[key] for key in order}
        text = f"# {comment}\n" + dump_round_trip(tree)
        (root / ACTIONS).write_text(text, "utf-8")
        assert _hashes(root) == BASE_HASHES


@settings(max_examples=25, deadline=None)
@given(amount=st.integers(min_value=0, max_value=10**12).filter(lambda n: n != 200_000_000))
def test_a_changed_amount_changes_the_seal_and_names_the_item(amount: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "plan"
        shutil.copytree(BASE, root)
        path = root / ACTIONS
        path.write_text(path.read_text("utf-8").replace("jumlah: 200000000", f"jumlah: {amount}"))
        hashes = _hashes(root)
        assert fingerprint(hashes) != fingerprint(BASE_HASHES)
        assert [k for k in hashes if hashes[k] != BASE_HASHES[k]] == ["rencana_aksi SOC-01"]
