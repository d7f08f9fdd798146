"""Document metadata: type, year reported on, issuer, level, template version."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .report import Report
from .resources import load_yaml

_HEAD_CHARS = 3000
_YEAR = r"((?:19|20)\d{2})"
_TITLE_HINT = re.compile(r"(政府信息公开|政务公开|信息公开).{0,12}(年度报告|年报|工作报告|工作要点|要点|报告)")
_PLAN = re.compile(r"工作要点|工作安排|工作计划|实施方案|任务分解")
_REPORT = re.compile(r"年度报告|年报|工作报告")
_REPORT_BODY = ("主动公开", "依申请", "行政复议")
_TEMPLATE_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额")
_TEMPLATE_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "采购总金额")


@lru_cache(maxsize=1)
def _places():
    return load_yaml("places.yaml")


def find_title(lines, limit: int = 12):
    """The line (or two adjacent short lines) that names the document."""
    cand = [l.text for l in lines[:limit]]
    for i, t in enumerate(cand):
        if _TITLE_HINT.search(t) and len(t) < 120:
            # a body name on the line before: 上海市静安区人民政府 / 2020 年政府信息公开工作年度报告
            prev = cand[i - 1] if i else ""
            if prev and len(prev) < 40 and re.search(r"(人民政府|委员会|局|办公厅|办公室|管委会)$", prev) \
                    and not re.search(_YEAR, t.split("年")[0][:0] or "x"):
                return prev + t
            return t
    return cand[0] if cand else ""


def detect_doc_type(title: str, head: str, text: str) -> str:
    if _PLAN.search(title) or (not _REPORT.search(title) and re.search(r"关于印发.{0,40}(工作要点|实施方案)", head)):
        return "work_plan"
    if _REPORT.search(title) and re.search("公开", title):
        return "annual_report"
    if all(k in text for k in _REPORT_BODY) and re.search(r"年度报告|主动公开政府信息情况", text):
        return "annual_report"
    return "other"


def detect_year(title: str, text: str, doc_type: str):
    m = re.search(_YEAR + r"\s*年", title)
    if m:
        return int(m.group(1))
    m = re.search(_YEAR + r"\s*年度", text[:_HEAD_CHARS])
    if m:
        return int(m.group(1))
    # the year most often named at the start of a sentence or clause
    years = Counter(int(y) for y in re.findall(r"(?:^|[。，,\n:：])\s*" + _YEAR + r"\s*年[，,]?", text))
    if years:
        return years.most_common(1)[0][0]
    years = Counter(int(y) for y in re.findall(_YEAR + r"\s*年", text))
    return years.most_common(1)[0][0] if years else None


def _complete_body(name: str) -> str:
    """Add the missing body suffix: 上海市 -> 上海市人民政府; 上海 -> 上海市人民政府."""
    p = _places()
    if name in p["municipalities"]:
        return name + "市人民政府"
    if name in p["provinces"]:
        return name + "省人民政府"
    if name in p["autonomous_regions"]:
        return p["autonomous_regions"][name] + "人民政府"
    for suffix in p["body_suffixes"]:
        if name.endswith(suffix):
            return name
    for area in sorted(p["area_suffixes"], key=len, reverse=True):
        if name.endswith(area):
            return name + p["area_suffixes"][area]
    return name


def _expand_abbreviation(name: str) -> str:
    for short, full in _places()["department_abbreviations"].items():
        if name.endswith(short):
            return name[: -len(short)] + full
    return name


def detect_issuer(title: str, head: str, text: str):
    # 上海市人民政府办公厅关于印发《…》的通知
    m = re.search(r"([\u4e00-\u9fff]{2,30}?)关于印发", head)
    if m:
        return m.group(1)
    t = re.sub(r"\s+", "", title)
    t = re.sub(r"(文档格式|文档|格式|范文)*\.(docx?|pdf|txt|html?)$", "", t)
    t = re.sub(_YEAR + r"年度?", "", t)
    m = re.match(r"([\u4e00-\u9fff]{2,40}?)(?:政府信息公开|政务公开|信息公开)", t)
    if not m:
        return None
    name = _expand_abbreviation(m.group(1))
    name = _complete_body(name)
    # A district or county named alone: take the fuller form the text uses
    # (洪泽区人民政府 -> 淮安市洪泽区人民政府).
    if re.match(r"^[\u4e00-\u9fff]{1,6}(区|县)", name) and not re.match(r"^.{2,6}[省市]", name):
        area = re.match(r"^[\u4e00-\u9fff]{1,6}?(区|县)", name).group(0)
        m = re.search(r"([\u4e00-\u9fff]{2,4}市)" + re.escape(area), text)
        if m:
            name = m.group(1) + name
    return name


def detect_level(issuer: str | None) -> str | None:
    if not issuer:
        return None
    p = _places()
    gov = re.sub(r"(人民政府)?(办公厅|办公室)$", "", issuer)
    body = issuer
    if re.search(r"(人民政府|人民政府办公厅|人民政府办公室)$", body) or gov != issuer:
        core = re.sub(r"人民政府$", "", gov)
        if core.startswith("国务院") or core == "国务院":
            return "national"
        if re.search(r"(省|自治区)$", core) or core.rstrip("市") in p["municipalities"]:
            return "provincial"
        if re.search(r"(街道|镇|乡)$", core):
            return "township"
        if re.search(r"县$|自治县$|旗$", core):
            return "county"
        if re.search(r"区$", core) and re.search(r"市.+区$", core):
            return "district"
        if re.search(r"市$", core):
            return "city"
        if re.search(r"区$", core):
            return "district"
    if re.search(r"(实验区|新区|开发区|高新区)(管委会|管理委员会)$", issuer):
        return "district"
    return "department"


def detect_template(text: str, year, doc_type: str):
    if doc_type != "annual_report":
        return None
    if any(k in text for k in _TEMPLATE_2021):
        return "2021"
    if any(k in text for k in _TEMPLATE_2019):
        return "2019"
    if year is None:
        return None
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return "pre2019"


def make_metadata():
    """Step: fill ``report.meta`` (doc_type, year, issuer, level, template, title)."""
    def metadata_step(report: Report) -> Report:
        text = report.norm.text
        head = text[:_HEAD_CHARS]
        title = find_title(report.lines)
        if report.meta.title and _TITLE_HINT.search(report.meta.title) and not _TITLE_HINT.search(title):
            title = report.meta.title
        m = report.meta
        m.title = title or None
        m.doc_type = detect_doc_type(title, head, text)
        m.year = detect_year(title, text, m.doc_type)
        m.issuer = detect_issuer(title, head, text)
        m.level = detect_level(m.issuer)
        m.template = detect_template(text, m.year, m.doc_type)
        if m.doc_type == "other":
            report.warn("not recognised as a disclosure report or work plan: tables and checks may be empty")
        return report
    return metadata_step
