"""Write the committed Office fixtures under tests/fixtures/ with LibreOffice.

    python3 scripts/make_office_fixtures.py

sample_report.doc is LibreOffice's Word 97 conversion of the DOCX that
tests/office_fixtures.py builds from the bundled example report;
sample_tables.xlsx holds the example's three tables (openpyxl, merged cells
kept) and sample_tables.xls is LibreOffice's Excel 97 conversion of it.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from office_fixtures import FIXTURES, example_docx, example_xlsx  # noqa: E402


def convert(src: Path, target: str, out: Path) -> Path:
    """LibreOffice's conversion of ``src`` to the ``target`` filter, in ``out``."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", target, "--outdir", str(out), str(src)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return out / (src.stem + "." + target.split(":")[0])


def main() -> int:
    FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        docx = work / "sample_report.docx"
        docx.write_bytes(example_docx())
        shutil.copy(convert(docx, "doc:MS Word 97", work), FIXTURES / "sample_report.doc")
        xlsx = FIXTURES / "sample_tables.xlsx"
        xlsx.write_bytes(example_xlsx())
        shutil.copy(convert(xlsx, "xls:MS Excel 97", work), FIXTURES / "sample_tables.xls")
    for p in sorted(FIXTURES.iterdir()):
        print(p.relative_to(ROOT), p.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
