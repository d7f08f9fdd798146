"""Clean a page image before OCR: a photographed sheet flattened, red stamps out, skew corrected,
blank pages told.

A phone photo of a printed page shows the sheet at an angle on a darker
background: the sheet (the largest bright four-cornered region) is warped
back to a rectangle (``flatten_photo``), so table rows are straight again, and
its uneven light divided out (``even_light``), so shaded paper is not taken for ink.

A seal (公章) is printed in red over the issuer's name and often over a table;
OCR reads its ring of characters as debris and loses the words under it. Red
pixels in a roughly round blob at least a few centimetres wide are turned back
into what lies under the ink, and the page reports how much it removed so the
reader can warn. Red
text (a red header line, a red title) is wide and flat, so it is kept. Under the
ink, strokes and rules are given back from the red channel (``_under_ink``).

A page scanned or photographed at a slight angle is turned upright: the angle
whose rows of dark pixels have the sharpest profile wins, searched coarse then
fine within ``deskew.max_angle`` degrees. Settings: ``data/ocr.yaml``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class PreparedPage:
    """A page image ready for OCR and what was done to it."""

    image: np.ndarray            # RGB uint8, upright, stamps removed
    angle: float = 0.0           # degrees the page was turned (counter-clockwise)
    stamp_fraction: float = 0.0  # share of the page's pixels removed as stamp ink
    blank: bool = False          # nothing on the page to read


def prepare(image: np.ndarray, conf: dict) -> PreparedPage:
    """A photographed sheet flattened, stamps removed, skew corrected and blankness checked, in that order."""
    flat = flatten_photo(image, conf["photo"]) if "photo" in conf else None
    image = image if flat is None else flat
    image, fraction = remove_stamps(image, conf["stamp"])
    gray = to_gray(image)
    if float(gray.std()) < float(conf.get("blank_std", 2.0)):
        return PreparedPage(image, 0.0, fraction, blank=True)
    angle = skew_angle(gray, conf["deskew"])
    if angle:
        image = rotate(image, angle)
    return PreparedPage(image, angle, fraction)


def flatten_photo(image: np.ndarray, conf: dict) -> np.ndarray | None:
    """The sheet of paper in a photo warped flat (perspective undone), or None when ``image`` is not a
    photo of a sheet (a scan fills the image; a sheet seen straight on is left to the skew search)."""
    import cv2
    h, w = image.shape[:2]
    k = min(1.0, float(conf.get("work_width", 800)) / w)
    small = cv2.resize(to_gray(image), (max(1, int(w * k)), max(1, int(h * k))), interpolation=cv2.INTER_AREA)
    blur = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = cv2.convexHull(max(contours, key=cv2.contourArea))
    share = cv2.contourArea(sheet) / float(small.shape[0] * small.shape[1])
    if not float(conf.get("min_area", 0.3)) <= share <= float(conf.get("max_area", 0.985)):
        return None
    quad = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True).reshape(-1, 2).astype(np.float32)
    if len(quad) != 4:
        return None
    inside = np.zeros_like(small)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 255)
    if float(small[inside > 0].mean()) - float(small[inside == 0].mean()) < float(conf.get("min_contrast", 40)):
        return None
    corners = _corners(quad / k)
    if not _keystoned(corners, float(conf.get("min_keystone", 0.01)) * max(w, h)):
        return None
    top, bottom = np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(corners[2] - corners[3])
    left, right = np.linalg.norm(corners[3] - corners[0]), np.linalg.norm(corners[2] - corners[1])
    out_w, out_h = int(max(top, bottom)), int(max(left, right))
    target = np.array([(0, 0), (out_w - 1, 0), (out_w - 1, out_h - 1), (0, out_h - 1)], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners, target)
    flat = cv2.warpPerspective(image, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    return even_light(flat, float(conf.get("light_window", 0.04)))


def even_light(image: np.ndarray, window: float) -> np.ndarray:
    """``image`` with uneven light (a shadow, a lamp's falloff) divided out: each pixel over the paper's
    brightness around it (the brightest grey within ``window`` of the width, smoothed), so paper is white
    again and ink stays dark."""
    import cv2
    h, w = image.shape[:2]
    size = max(3, int(w * window)) | 1
    paper = cv2.dilate(to_gray(image), np.ones((size, size), np.uint8))
    paper = cv2.GaussianBlur(paper, (size, size), 0).astype(np.float32)
    out = image.astype(np.float32) * (255.0 / np.maximum(paper, 1.0))[:, :, None]
    return out.clip(0, 255).astype(np.uint8)


def _corners(quad: np.ndarray) -> np.ndarray:
    """Four points ordered top-left, top-right, bottom-right, bottom-left."""
    s, d = quad.sum(axis=1), quad[:, 1] - quad[:, 0]
    return np.array([quad[np.argmin(s)], quad[np.argmin(d)], quad[np.argmax(s)], quad[np.argmax(d)]],
                    dtype=np.float32)


def _keystoned(corners: np.ndarray, tolerance: float) -> bool:
    """Whether a corner is off the rectangle the four corners span by ``tolerance`` pixels or more
    (a sheet seen at an angle, not one lying square, which the skew search turns)."""
    (tl, tr, br, bl) = corners
    return bool(abs(tl[0] - bl[0]) >= tolerance or abs(tr[0] - br[0]) >= tolerance
                or abs(tl[1] - tr[1]) >= tolerance or abs(bl[1] - br[1]) >= tolerance)


def to_gray(image: np.ndarray) -> np.ndarray:
    """Luminance of an RGB image (uint8)."""
    import cv2
    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def red_mask(image: np.ndarray, margin: int) -> np.ndarray:
    """Pixels whose red channel exceeds both others by ``margin`` (stamp ink, also its pink edges)."""
    rgb = image.astype(np.int16)
    return (rgb[:, :, 0] - np.maximum(rgb[:, :, 1], rgb[:, :, 2])) >= margin


def remove_stamps(image: np.ndarray, conf: dict) -> tuple[np.ndarray, float]:
    """Red round blobs (stamps) turned back into what lies under them; also the share of pixels changed."""
    import cv2
    mask = red_mask(image, int(conf.get("red_margin", 50)))
    if not mask.any():
        return image, 0.0
    h, w = mask.shape
    grow = max(3, int(w * 0.01)) | 1
    blobs = cv2.dilate(mask.astype(np.uint8), np.ones((grow, grow), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    min_side = float(conf.get("min_width_fraction", 0.05)) * w
    out, removed = None, 0
    for x, y, bw, bh, _ in stats[1:count]:
        if min(bw, bh) < min_side or max(bw, bh) > float(conf.get("max_aspect", 1.8)) * min(bw, bh):
            continue                                   # red text or a rule: keep it
        region = mask[y:y + bh, x:x + bw]
        if out is None:
            out = image.copy()
        out[y:y + bh, x:x + bw][region] = _under_ink(image[y:y + bh, x:x + bw], region)[:, None]
        removed += int(region.sum())
    return (image if out is None else out), removed / float(h * w)


def _under_ink(block: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Grey levels of what lies under red ink, from the red channel (in which red ink is paper).

    Seal ink multiplies what it covers: paper turns the seal's red, a black stroke stays black, a
    grey rule a darker red. The red channel, scaled so that ink on bare paper is white, gives back
    the paper, the strokes and the rules.
    """
    red = block[:, :, 0][region].astype(np.float32)
    paper = max(1.0, float(np.percentile(red, 90)))
    return np.clip(red * (255.0 / paper), 0, 255).astype(np.uint8)


def skew_angle(gray: np.ndarray, conf: dict) -> float:
    """The page's skew in degrees (0.0 when under ``min_angle``): sharpest row profile wins."""
    import cv2
    h, w = gray.shape
    scale = min(1.0, float(conf.get("work_width", 800)) / w)
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    ink = (small < 128).astype(np.float32)
    if ink.sum() < 50:
        return 0.0
    limit, coarse, fine = (float(conf.get(k, d)) for k, d in
                           (("max_angle", 4.0), ("coarse_step", 0.5), ("fine_step", 0.1)))
    best = _best_angle(ink, np.arange(-limit, limit + 1e-9, coarse))
    best = _best_angle(ink, np.arange(best - coarse, best + coarse + 1e-9, fine))
    return best if abs(best) >= float(conf.get("min_angle", 0.15)) else 0.0


def _best_angle(ink: np.ndarray, angles) -> float:
    """The angle among ``angles`` after which the rows of ``ink`` are sharpest."""
    import cv2
    h, w = ink.shape
    centre = (w / 2.0, h / 2.0)
    scores = []
    for a in angles:
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, float(a), 1.0), (w, h),
                                flags=cv2.INTER_NEAREST, borderValue=0)
        rows = turned.sum(axis=1)
        scores.append(float(np.square(np.diff(rows)).sum()))
    return round(float(angles[int(np.argmax(scores))]), 2)


def rotate(image: np.ndarray, angle: float) -> np.ndarray:
    """``image`` turned by ``angle`` degrees about its centre, white where nothing was."""
    import cv2
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
