"""OCR engines behind one call: a page image in, recognised words with boxes out.

Two engines, both offline with their models on disk:

- ``rapidocr`` (default): PP-OCRv4 detection and recognition run by
  onnxruntime, models inside the ``rapidocr-onnxruntime`` wheel. Text is
  detected on the page scaled down (``det_max_side``), and each line is
  recognised from a crop of the full-resolution page, which keeps detection
  cheap without losing small characters; lone glyphs the detector missed
  and boxes over a cell of two rows (``ocr_glyphs``) are handled too.
- ``tesseract``: Debian's ``tesseract-ocr-chi-sim`` through pytesseract.

``GISNLP_OCR_ENGINE`` picks one; settings live in ``data/ocr.yaml``. Both come
with the ``ocr`` extra; without it ``missing_ocr_error`` says what to install
(``load_failure`` tells why an engine cannot run).
Every word carries its characters with their boxes and confidences (0..1), so
later steps can place characters in table cells and lower the confidence of
what was read from them.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import InputError
from ..resources import load_yaml

ENGINES = ("rapidocr", "tesseract")
INSTALL_HINT = 'pip install "gisnlp[ocr]" (offline OCR), or OCR it first (e.g. ocrmypdf -l chi_sim in.pdf out.pdf)'


@dataclass
class OcrChar:
    """One recognised character: its text, box in page pixels and confidence (0..1)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float


@dataclass
class OcrWord(OcrChar):
    """A run of characters the engine read as one piece (a line segment or a word):
    a character's fields for the whole run, and its characters."""

    chars: list[OcrChar] = field(default_factory=list)


def settings() -> dict:
    """The OCR settings of ``data/ocr.yaml``."""
    return load_yaml("ocr.yaml")


def engine_name() -> str:
    """The engine ``GISNLP_OCR_ENGINE`` names, else the data file's default."""
    name = (os.environ.get("GISNLP_OCR_ENGINE") or settings()["engine"]).strip().lower()
    if name not in ENGINES:
        raise InputError(f"unknown OCR engine {name!r} in GISNLP_OCR_ENGINE", f"use one of: {', '.join(ENGINES)}")
    return name


def missing_ocr_error(what: str, cause: Exception = None) -> InputError:
    """The one-line error for a scan or image when no OCR engine can run.

    ``cause``: why (the ImportError of a missing extra, a library that cannot
    load, an InputError such as a missing tesseract binary).
    """
    if isinstance(cause, InputError):
        err = InputError(f"{what}: it needs OCR, and {cause.what}", cause.hint)
    elif cause is None or isinstance(cause, ModuleNotFoundError):
        err = InputError(f"{what}: it needs OCR, and gisnlp's OCR extra is not installed", INSTALL_HINT)
    else:
        err = InputError(f"{what}: it needs OCR, and the OCR engine cannot load ({type(cause).__name__}: {cause})",
                         INSTALL_HINT + "; opencv also needs Debian's libgl1 and libglib2.0-0")
    err.cause = cause
    return err


def load_failure(name: str = None) -> Exception | None:
    """Why the named (or configured) engine cannot run here, or None when it can."""
    try:
        get_engine(name or engine_name())
        return None
    except InputError as e:
        return getattr(e, "cause", None) or e


@lru_cache(maxsize=None)
def get_engine(name: str):
    """The engine called ``name``, built once per process (loading models takes a moment)."""
    conf = settings()
    if name == "rapidocr":
        return RapidOcrEngine(conf["rapidocr"])
    if name == "tesseract":
        return TesseractEngine(conf["tesseract"])
    raise InputError(f"unknown OCR engine {name!r}", f"use one of: {', '.join(ENGINES)}")


def even_chars(text: str, x0: float, x1: float, top: float, bottom: float, confidence: float) -> list[OcrChar]:
    """Characters spread over a word's box: a CJK character counts twice a Latin one."""
    weights = [2.0 if ord(ch) > 0x2E80 else 1.0 for ch in text]
    total = sum(weights) or 1.0
    out, x = [], x0
    for ch, w in zip(text, weights):
        step = (x1 - x0) * w / total
        out.append(OcrChar(ch, x, x + step, top, bottom, confidence))
        x += step
    return out


class RapidOcrEngine:
    """PP-OCRv4 (rapidocr-onnxruntime): detection on a reduced page, recognition at full size.

    It uses rapidocr's detector, cropper, recogniser and character-box
    calculator directly (rapidocr-onnxruntime 1.4), so the two stages can see
    the page at different sizes.
    """

    def __init__(self, conf: dict):
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as e:
            raise missing_ocr_error("this page is an image", e) from None
        threads = int(conf.get("threads", 1))
        self.conf = conf
        self.ocr = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=threads,
                            rec_batch_num=int(conf.get("rec_batch_num", 1)),
                            det_box_thresh=float(conf.get("det_box_thresh", 0.5)),
                            det_unclip_ratio=float(conf.get("det_unclip_ratio", 1.6)))
        self.ocr.text_rec.rec_image_shape = [3, 48, int(conf.get("rec_min_width", 320))]
        self.glyphs = conf.get("glyphs") or {}

    def recognise(self, image) -> list[OcrWord]:
        """Words of ``image`` (an RGB uint8 array), in page pixels."""
        import cv2
        import numpy as np
        bgr = np.ascontiguousarray(image[:, :, ::-1])
        h, w = bgr.shape[:2]
        ratio = min(1.0, float(self.conf.get("det_max_side", 1600)) / max(h, w))
        small = bgr if ratio == 1.0 else cv2.resize(bgr, (round(w * ratio), round(h * ratio)),
                                                     interpolation=cv2.INTER_AREA)
        boxes, _ = self.ocr.text_det(small)
        if boxes is None or len(boxes) == 0:
            return []
        boxes = [np.asarray(b, dtype=np.float32) / ratio for b in self.ocr.sorted_boxes(boxes)]
        from .ocr_glyphs import grow_flat_boxes, missed_glyph_boxes, split_tall_boxes
        boxes = grow_flat_boxes(boxes, float(self.conf.get("flat_box", 0.6)))
        if self.glyphs:
            boxes += missed_glyph_boxes(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), boxes, self.glyphs)
        boxes = split_tall_boxes(boxes, float(self.conf.get("tall_box", 1.7)))
        crops = self.ocr.get_crop_img_list(bgr, boxes)
        results, _ = self.ocr.text_rec(crops, True)
        placed = self.ocr.cal_rec_boxes(crops, boxes, results)
        return [word for box, res in zip(boxes, placed) if (word := self._word(box, res)) is not None]

    @staticmethod
    def _word(box, res) -> OcrWord | None:
        """An OcrWord from a detected box and rapidocr's recognition with character boxes."""
        text, score, char_boxes, pieces, confs = res
        if not text.strip():
            return None
        xs, ys = box[:, 0], box[:, 1]
        x0, x1, top, bottom = float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())
        chars = []
        for piece, cbox, conf in zip(pieces, char_boxes, confs):
            cx = [p[0] for p in cbox]
            cx0, cx1 = float(min(cx)), float(max(cx))
            # a Latin "word" piece (several characters) is spread over its own box
            chars.extend(even_chars(piece, cx0, cx1, top, bottom, float(conf)))
        if "".join(c.text for c in chars) != text:
            chars = even_chars(text, x0, x1, top, bottom, float(score))
        return OcrWord(text, x0, x1, top, bottom, float(score), chars)


class TesseractEngine:
    """Tesseract 5 with the chi_sim model (Debian ``tesseract-ocr-chi-sim``) via pytesseract."""

    def __init__(self, conf: dict):
        try:
            import pytesseract
        except ImportError as e:
            raise missing_ocr_error("this page is an image", e) from None
        if not shutil.which("tesseract"):
            raise InputError("the tesseract OCR engine is not installed",
                             "apt-get install tesseract-ocr tesseract-ocr-chi-sim, or use GISNLP_OCR_ENGINE=rapidocr")
        self.conf = conf
        self.pytesseract = pytesseract

    def recognise(self, image) -> list[OcrWord]:
        """Words of ``image`` (an RGB uint8 array), in page pixels."""
        from PIL import Image
        env_threads = os.environ.get("OMP_THREAD_LIMIT")
        os.environ["OMP_THREAD_LIMIT"] = str(self.conf.get("threads", 1))
        try:
            data = self.pytesseract.image_to_data(Image.fromarray(image), lang=self.conf.get("lang", "chi_sim"),
                                                  config=self.conf.get("config", ""),
                                                  output_type=self.pytesseract.Output.DICT)
        finally:
            if env_threads is None:
                os.environ.pop("OMP_THREAD_LIMIT", None)
            else:
                os.environ["OMP_THREAD_LIMIT"] = env_threads
        words = []
        for i, text in enumerate(data["text"]):
            text = (text or "").strip()
            conf = float(data["conf"][i])
            if not text or conf < 0:
                continue
            x0, top = float(data["left"][i]), float(data["top"][i])
            x1, bottom = x0 + float(data["width"][i]), top + float(data["height"][i])
            conf /= 100.0
            words.append(OcrWord(text, x0, x1, top, bottom, conf, even_chars(text, x0, x1, top, bottom, conf)))
        return words
