"""OCR evaluation: scans rendered from text PDFs, read by OCR, compared with the text layer.

Each source PDF (the corpus PDFs with tables, and the project's own example
report and fixtures printed to PDF by LibreOffice) is

1. analysed from its text layer: the reference cells, meta and facts;
2. rendered to page images at ``--dpi`` (PDFium) and assembled into an
   image-only PDF, once clean and once degraded (Gaussian and salt-and-pepper
   noise, each page turned by 1-2 degrees either way, a red stamp blended over
   part of the first table);
   and in the variants a scan or a photo of a printed report really is: ``dpi150`` (a 150 dpi
   scan), ``jpeg30`` (JPEG quality 30), ``photo`` (a phone photo: perspective, uneven light,
   a little blur);
3. analysed again through gisnlp's OCR, in a fresh process per document so
   that CPU time and peak memory are that document's alone.

Scores: table cells F1 on (cell id, value) — for a fixture also against the
fixture itself analysed (``src``), since LibreOffice's PDF of it can read
worse from its text layer than the original (the .doc's table 三); meta
fields identical (doc_type, year, issuer, level, template); facts F1 on (value, unit, kind) (offsets
differ between the two texts); OCR CPU seconds per page (process CPU of the
``ocr_page`` calls, plus child processes for tesseract) and peak RSS.

    python3 scripts/eval_ocr.py                        # default engine, every source
    python3 scripts/eval_ocr.py --engine tesseract --variants clean
    python3 scripts/eval_ocr.py --sources r0001 --keep /tmp/ocr-eval   # keep the image PDFs
    python3 scripts/eval_ocr.py --variants dpi150,jpeg30,photo --sources sample_report.html
"""
from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS_PDFS = ("r0001", "r0003")
FIXTURES = (ROOT / "examples" / "sample_report.txt", ROOT / "examples" / "sample_report.html",
            ROOT / "tests" / "fixtures" / "sample_report.doc")
META_FIELDS = ("doc_type", "year", "issuer", "level", "template")
ORIGINALS: dict[str, Path] = {}
TARGETS = {"clean": {"cells": 0.97, "facts": 0.95}, "degraded": {"cells": 0.93}}


# --- sources ------------------------------------------------------------------------------
def sources(names: list[str] | None, work: Path) -> list[tuple[str, Path]]:
    """(name, text PDF) for the corpus PDFs and the fixtures printed to PDF by LibreOffice
    (``ORIGINALS`` maps a fixture's name to its file)."""
    out = []
    for rid in CORPUS_PDFS:
        path = SHARED / "corpus" / "files" / f"{rid}.pdf"
        if path.exists():
            out.append((rid, path))
    for fixture in FIXTURES:
        name = f"{fixture.stem}.{fixture.suffix[1:]}"
        if names and name not in names:
            continue
        ORIGINALS[name] = fixture
        pdf = to_pdf(fixture, work / name)
        if pdf is not None:
            out.append((name, pdf))
    return [s for s in out if not names or s[0] in names]


def to_pdf(path: Path, outdir: Path) -> Path | None:
    """``path`` printed to PDF by LibreOffice headless (None if soffice is missing)."""
    if not shutil.which("soffice"):
        print(f"note: soffice not found; {path.name} skipped", file=sys.stderr)
        return None
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "lo-profile"
    # Plain text is set in a CJK body font, as reports are printed: LibreOffice's default for text
    # files is a monospace font whose zero carries a dot, which no OCR model here reads as 0.
    font = _cjk_family()
    infilter = [f"--infilter=Text (encoded):UTF8,LF,{font},zh-CN"] if path.suffix == ".txt" and font else []
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *infilter,
                    "--convert-to", "pdf", "--outdir", str(outdir), str(path)], check=True, timeout=300,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return outdir / f"{path.stem}.pdf"


def _cjk_family() -> str | None:
    """The family name of an installed CJK font (fc-list), or None."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    families = sorted(line.split(",")[0].strip() for line in out.splitlines() if line.strip() and "Mono" not in line)
    return families[0] if families else None


# --- scans --------------------------------------------------------------------------------
def render(pdf: Path, dpi: int) -> list:
    """The PDF's pages as RGB PIL images at ``dpi``."""
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=dpi / 72.0).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def first_table_box(pdf: Path, dpi: int) -> tuple[int, tuple[float, float, float, float]] | None:
    """(page index, pixel bbox) of the largest ruled table on the first page that has one."""
    import pdfplumber
    with pdfplumber.open(str(pdf)) as doc:
        for i, page in enumerate(doc.pages):
            tables = page.find_tables()
            if tables:
                x0, top, x1, bottom = max((t.bbox for t in tables), key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
                k = dpi / 72.0
                return i, (x0 * k, top * k, x1 * k, bottom * k)
    return None


def stamp(image, centre: tuple[float, float], radius: float):
    """``image`` with a red seal (ring, star, a line of text) blended over it like ink."""
    import numpy as np
    from PIL import Image, ImageDraw
    ink = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(ink)
    cx, cy = centre
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=255, width=max(4, int(radius / 18)))
    star = [(cx + radius * 0.3 * np.cos(np.pi / 2 + k * 4 * np.pi / 5),
             cy - radius * 0.3 * np.sin(np.pi / 2 + k * 4 * np.pi / 5)) for k in range(5)]
    draw.polygon(star, fill=255)
    font = _cjk_font(int(radius / 4))
    if font is not None:
        draw.text((cx - radius * 0.6, cy + radius * 0.35), "政务公开专用章", fill=255, font=font)
        draw.text((cx - radius * 0.75, cy - radius * 0.75), "某某县人民政府办公室", fill=255, font=font)
    alpha = np.asarray(ink, dtype=np.float32)[:, :, None] / 255.0 * 0.85
    red = np.array([215, 35, 40], dtype=np.float32) / 255.0
    rgb = np.asarray(image, dtype=np.float32)
    out = rgb * (1 - alpha) + rgb * red * alpha           # multiply blend: black text stays black
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def _cjk_font(size: int):
    """A CJK TrueType font of the system, or None."""
    from PIL import ImageFont
    for path in ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"):
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return None


def degrade(images: list, seed: int, table: tuple | None, dpi: int) -> list:
    """Noise, a turn of 1-2 degrees either way per page, and a stamp over the first table."""
    import numpy as np
    from PIL import Image
    rng = np.random.default_rng(seed)
    out = []
    for i, image in enumerate(images):
        if table is not None and table[0] == i:
            x0, top, x1, bottom = table[1]
            image = stamp(image, (x0 + 0.65 * (x1 - x0), top + 0.45 * (bottom - top)), radius=0.8 * dpi)
        arr = np.asarray(image, dtype=np.float32)
        arr = arr + rng.normal(0, 12, arr.shape)
        specks = rng.random(arr.shape[:2])
        arr[specks < 0.001] = 0
        arr[specks > 0.999] = 255
        noisy = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
        angle = float(rng.uniform(1.0, 2.0) * (1 if i % 2 == 0 else -1))
        out.append(noisy.rotate(angle, resample=Image.BILINEAR, fillcolor=(255, 255, 255)))
    return out


def jpeg(images: list, quality: int) -> list:
    """Each page through JPEG at ``quality`` (blocks and ringing, as a scanner's small files have)."""
    from PIL import Image
    out = []
    for image in images:
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=quality)
        out.append(Image.open(io.BytesIO(buf.getvalue())).convert("RGB"))
    return out


def photo(images: list, seed: int) -> list:
    """Each page as a phone photo of the printed sheet: seen at an angle (a perspective warp that
    narrows the top), lit unevenly (a shadow across one corner), a little out of focus, on a desk."""
    import numpy as np
    from PIL import Image, ImageFilter
    rng = np.random.default_rng(seed)
    out = []
    for image in images:
        w, h = image.size
        inset, drop = float(rng.uniform(0.04, 0.07)), float(rng.uniform(0.01, 0.03))
        # where the page's corners land in the photo: top-left, top-right, bottom-right, bottom-left
        quad = [(w * inset, h * drop), (w * (1 - inset * 0.6), h * drop * 2), (w * 0.99, h * 0.99), (w * 0.01, h)]
        page = image.transform((w, h), Image.PERSPECTIVE, data=_perspective(quad, w, h), resample=Image.BICUBIC,
                              fillcolor=(96, 88, 80))
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        light = 0.62 + 0.38 * np.clip((xx / w + yy / h) / 1.3, 0, 1)        # darker towards the top-left
        arr = np.asarray(page, dtype=np.float32) * light[:, :, None]
        arr = arr + rng.normal(0, 6, arr.shape)
        out.append(Image.fromarray(arr.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8)))
    return out


def _perspective(quad, w, h) -> tuple:
    """PIL PERSPECTIVE coefficients mapping photo pixels back to the page, for the page corners at ``quad``."""
    import numpy as np
    page = [(0, 0), (w, 0), (w, h), (0, h)]
    rows, rhs = [], []
    for (x, y), (u, v) in zip(quad, page):          # photo (x, y) -> page (u, v)
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.extend([u, v])
    return tuple(np.linalg.solve(np.array(rows, dtype=float), np.array(rhs, dtype=float)))


VARIANTS = ("clean", "degraded", "dpi150", "jpeg30", "photo")


def variant_pages(variant: str, pdf: Path, dpi: int, seed: int, table) -> tuple[list, int]:
    """(page images, their dpi) of one scan variant: clean, degraded (noise, turn, stamp), dpi150 (a
    150 dpi scan), jpeg30 (JPEG quality 30), photo (a phone photo: perspective, shadow, blur)."""
    if variant == "dpi150":
        return render(pdf, 150), 150
    pages = render(pdf, dpi)
    if variant == "degraded":
        return degrade(pages, seed=seed, table=table, dpi=dpi), dpi
    if variant == "jpeg30":
        return jpeg(pages, 30), dpi
    if variant == "photo":
        return photo(pages, seed), dpi
    return pages, dpi


def image_pdf(images: list, path: Path, dpi: int) -> Path:
    """An image-only PDF of ``images`` (no text layer)."""
    images[0].save(path, save_all=True, append_images=images[1:], resolution=float(dpi))
    return path


# --- analysis in a child process ----------------------------------------------------------
def analyse(path: str, engine: str | None, ocr: bool) -> dict:
    """Run gisnlp on ``path`` in this (fresh) process: results, OCR CPU per page, peak RSS."""
    import resource
    import time
    if engine:
        os.environ["GISNLP_OCR_ENGINE"] = engine
    sys.path.insert(0, str(ROOT))
    import gisnlp
    from gisnlp.readers import ocr_page as op
    page_cpu = []
    original = op.ocr_page

    def timed(image, scale, number):
        c0 = time.process_time()
        k0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            return original(image, scale, number)
        finally:
            k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            page_cpu.append(time.process_time() - c0 + (k1.ru_utime + k1.ru_stime) - (k0.ru_utime + k0.ru_stime))
    op.ocr_page = timed
    if ocr:
        from gisnlp.readers.ocr import engine_name, get_engine
        get_engine(engine_name())                           # load models outside the timing
    c0 = time.process_time()
    try:
        report = gisnlp.load()(path)
    except gisnlp.GisnlpError as e:
        return {"error": str(e)}
    return {"meta": {k: getattr(report.meta, k) for k in META_FIELDS}, "ocr": report.meta.ocr,
            "cells": [(c.id, c.value, c.confidence) for c in report.cells],
            "facts": [(f.value, f.unit, f.kind, f.confidence) for f in report.facts],
            "warnings": report.meta.warnings, "cpu": time.process_time() - c0, "page_cpu": page_cpu,
            "rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB: VmHWM (reset when the process execs; ru_maxrss
    keeps the high-water mark of the parent it was forked from), else ru_maxrss."""
    import resource
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(path: Path, engine: str | None, ocr: bool = True) -> dict:
    """``analyse`` in a fresh spawned process (its own CPU clock and peak RSS)."""
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(analyse, str(path), engine, ocr).result()


# --- scores -------------------------------------------------------------------------------
def f1(ref: list, got: list) -> tuple[float, int, int]:
    """F1 of two multisets, with the reference and predicted sizes."""
    a, b = Counter(ref), Counter(got)
    hit = sum((a & b).values())
    if not a and not b:
        return 1.0, 0, 0
    p = hit / max(1, sum(b.values()))
    r = hit / max(1, sum(a.values()))
    return (2 * p * r / (p + r) if p + r else 0.0), sum(a.values()), sum(b.values())


def compare(ref: dict, got: dict) -> dict:
    """Cells, meta and facts of an OCR run against the text-layer reference."""
    cells = f1([(c[0], c[1]) for c in ref["cells"]], [(c[0], c[1]) for c in got["cells"]])
    facts = f1([tuple(f[:3]) for f in ref["facts"]], [tuple(f[:3]) for f in got["facts"]])
    meta_diff = {k: (ref["meta"][k], got["meta"][k]) for k in META_FIELDS if ref["meta"][k] != got["meta"][k]}
    missing = sorted(set((c[0], c[1]) for c in ref["cells"]) - set((c[0], c[1]) for c in got["cells"]))
    confs = [c[2] for c in got["cells"]]
    return {"cells_f1": round(cells[0], 4), "cells_ref": cells[1], "cells_ocr": cells[2],
            "facts_f1": round(facts[0], 4), "facts_ref": facts[1], "facts_ocr": facts[2],
            "meta_identical": not meta_diff, "meta_diff": meta_diff, "missing_cells": missing[:12],
            "cell_conf_mean": round(sum(confs) / len(confs), 3) if confs else None,
            "pages": len(got["page_cpu"]), "cpu_per_page": round(sum(got["page_cpu"]) / max(1, len(got["page_cpu"])), 2),
            "cpu_max_page": round(max(got["page_cpu"], default=0.0), 2), "rss_mb": round(got["rss_mb"]),
            "warnings": [w for w in got["warnings"] if "stamp" in w or "OCR" in w][:3]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=("rapidocr", "tesseract"), help="OCR engine (default: data/ocr.yaml)")
    ap.add_argument("--sources", help="comma-separated names (r0001, sample_report.txt, ...)")
    ap.add_argument("--variants", default="clean,degraded", help=f"comma-separated, of {', '.join(VARIANTS)}")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--keep", help="folder to keep the image PDFs and results in")
    ap.add_argument("--json", help="write the per-document results here")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="gisnlp-ocr-eval-"))
    work.mkdir(parents=True, exist_ok=True)
    names = args.sources.split(",") if args.sources else None
    variants = args.variants.split(",")
    rows = []
    for name, pdf in sources(names, work):
        ref = in_child(pdf, None, ocr=False)
        if "error" in ref:
            print(f"{name}: text layer unreadable: {ref['error']}")
            continue
        original = in_child(ORIGINALS[name], None, ocr=False) if name in ORIGINALS else None
        table = first_table_box(pdf, args.dpi)
        for variant in variants:
            images, dpi = variant_pages(variant, pdf, args.dpi, seed=len(rows) + 7, table=table)
            scan = image_pdf(images, work / f"{name}.{variant}.scan.pdf", dpi)
            got = in_child(scan, args.engine)
            if "error" in got:
                rows.append({"source": name, "variant": variant, "error": got["error"]})
                print(f"{name:24} {variant:9} ERROR {got['error']}")
                continue
            row = {"source": name, "variant": variant, **compare(ref, got)}
            if original and "error" not in original:
                row["cells_f1_src"] = round(f1([c[:2] for c in original["cells"]], [c[:2] for c in got["cells"]])[0], 4)
            rows.append(row)
            src = f"src {row['cells_f1_src']:.3f}  " if "cells_f1_src" in row else ""
            print(f"{name:24} {variant:9} cells F1 {row['cells_f1']:.3f} ({row['cells_ref']}/{row['cells_ocr']})  "
                  f"{src}facts F1 {row['facts_f1']:.3f} ({row['facts_ref']}/{row['facts_ocr']})  "
                  f"meta {'=' if row['meta_identical'] else row['meta_diff']}  "
                  f"CPU {row['cpu_per_page']:.2f} s/page (max {row['cpu_max_page']:.2f})  RSS {row['rss_mb']} MB")
            if row["missing_cells"]:
                print(f"{'':35} missing: {row['missing_cells']}")
    summarise(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def summarise(rows: list[dict]) -> None:
    """Micro-averaged figures per variant, against the targets."""
    for variant in VARIANTS:
        done = [r for r in rows if r["variant"] == variant and "error" not in r]
        if not done:
            continue
        def micro(key):
            ref = sum(r[f"{key}_ref"] for r in done)
            ocr = sum(r[f"{key}_ocr"] for r in done)
            hit = sum(r[f"{key}_f1"] * (r[f"{key}_ref"] + r[f"{key}_ocr"]) / 2 for r in done)
            return 2 * hit / max(1, ref + ocr)
        pages = sum(r["pages"] for r in done)
        cpu = sum(r["cpu_per_page"] * r["pages"] for r in done) / max(1, pages)
        print(f"== {variant}: cells F1 {micro('cells'):.3f}  facts F1 {micro('facts'):.3f}  "
              f"meta identical {sum(r['meta_identical'] for r in done)}/{len(done)}  "
              f"CPU {cpu:.2f} s/page over {pages} pages (max {max(r['cpu_max_page'] for r in done):.2f})  "
              f"peak RSS {max(r['rss_mb'] for r in done)} MB  targets {TARGETS.get(variant, '-')}")


if __name__ == "__main__":
    sys.exit(main())
