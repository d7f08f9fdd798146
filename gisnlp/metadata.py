"""Document metadata: type, year reported on, issuer, level, template version.

Rules over the title (found in the first lines, or declared by the container),
body-name suffixes and the text's own fuller form of a name; place names and
abbreviations live in ``data/places.yaml``. Level mapping: a people's government
by its area (省/自治区/直辖市 -> provincial, 市 -> city, 市辖区 -> district,
县/旗 -> county, 乡/镇/街道 -> township); 国务院 -> national; a zone's
administrative committee (开发区/新区/综合实验区 管委会) -> district; any other body
(委员会, 局, 办公室…) -> department.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .report import Report
from .resources import load_yaml

_HEAD_CHARS = 3000
_TITLE_LINES = 15
_YEAR = r"((?:19|20)\d{2})"
_DISCLOSURE = r"(?:政府信息公开|政务公开|信息公开)"
_TITLE_HINT = re.compile(_DISCLOSURE + r".{0,12}?(年度报告|年报|工作报告|工作要点|要点|报告)")
_GOV = re.compile(r"^(.+?[省市区县旗镇乡])政府(办公厅|办公室)?$")
_WEAK_HINT = re.compile(_DISCLOSURE)
_PLAN = re.compile(r"工作要点|工作安排|工作计划|实施方案|任务分解")
_REPORT = re.compile(r"年度报告|年报|工作报告|情况的?报告")
# Titles of documents about reports that are not reports themselves.
_NOT_A_REPORT = re.compile(r"模板|模版|范本|样表|填报说明|比对|对比|测评|评估|考核|排名|汇总表")
_REPORT_BODY = ("主动公开", "依申请", "行政复议")
_TABLE_LABELS = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "结转下年度继续办理",
                 "本年制发件数", "本年新制作数量")
_TEMPLATE_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额")
_TEMPLATE_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "采购总金额")
_LINE_PREFIX = re.compile(r"^(?:[#*>\s]+|(?:标题|题目|文章标题|title)\s*[:：]\s*)", re.I)
_BODY_END = re.compile(r"(人民政府|委员会|管委会|局|厅|办公室|办公厅|办事处|政府)$")


@lru_cache(maxsize=1)
def _places():
    return load_yaml("places.yaml")


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")
_BREADCRUMB = re.compile(r"[>»›]|当前位置|您的位置|您现在的位置|首页")


def _clean_line(text: str) -> str:
    """A candidate title line: markup and 标题: prefixes gone, 政 府 信 息 spacing closed,
    traditional characters converted (short lines are not converted by the normaliser)."""
    text = _LINE_PREFIX.sub("", text).strip("*# \t")
    text = _CJK_SPACE.sub("", re.sub(r"\s+", " ", text))
    if len(text) <= 200:
        from .normalize import _converter
        converted = _converter().convert(text)
        text = converted if len(converted) == len(text) else text
    return text


def find_title(lines, limit: int = _TITLE_LINES) -> str:
    """The line (or adjacent short lines) that names the document, '' if none."""
    cand = [_clean_line(l.text) for l in lines[:limit]]
    for i, t in enumerate(cand):
        hint = _TITLE_HINT.search(t)
        weak = _WEAK_HINT.search(t)
        if not (hint or (weak and len(t) <= 40)) or _BREADCRUMB.search(t[:20]):
            continue
        if hint and len(t) > 60:
            # a flattened page: the title runs into the first paragraph
            if hint.start() > 45 or "。" in t[:hint.end()]:
                continue
            t = t[:hint.end()]
        elif "。" in t or len(t) > 80:
            continue
        title = t
        nxt = cand[i + 1] if i + 1 < len(cand) else ""
        if not hint and nxt and len(nxt) <= 20 and _TITLE_HINT.search(t + nxt):
            title = t + nxt                      # 2024年…政府信息公开工作 / 年度报告
        elif not hint:
            continue
        prev = _issuing_body_line(cand[max(0, i - 3):i])
        if prev and len(prev) <= 30 and _BODY_END.search(prev.replace(" ", "")) \
                and re.match(r"^(\d|关于|" + _DISCLOSURE + ")", title.replace(" ", "")):
            title = prev + title                 # 上海市静安区人民政府 / 2020 年政府信息公开…
        elif re.match(r"^(关于|" + _DISCLOSURE + ")", title.replace(" ", "")) and nxt \
                and len(nxt) <= 30 and _BODY_END.search(nxt.replace(" ", "")) and not _TITLE_HINT.search(nxt):
            title = nxt + title                  # 关于2022年度政府信息公开工作情况的报告 / 某县人民政府
        return title
    return ""


def _issuing_body_line(before: list[str]) -> str:
    """The line naming the body just above a title, skipping document numbers
    (沪府办〔2021〕21号) and the 文件 of a letterhead (某某人民政府办公厅文件)."""
    for line in reversed(before):
        line = line.replace(" ", "")
        if re.search(r"[〔\[(（]\d{4}[〕\])）]\d+号$", line):
            continue
        return re.sub(r"文件$", "", line)
    return ""


def _title_from_container(title: str | None) -> str:
    """The meaningful part of an HTML <title> or PDF title: '报告_某某网' -> '报告'."""
    if not title:
        return ""
    parts = [p.strip() for p in re.split(r"[_|｜—–]+|\s-\s", title) if p.strip()]
    for p in parts:
        if _TITLE_HINT.search(p) or _NOT_A_REPORT.search(p):
            return p
    return parts[0] if parts else ""


def detect_doc_type(title: str, head: str, text: str) -> str:
    if title and _NOT_A_REPORT.search(title):
        return "other"
    if _PLAN.search(title) or (not _REPORT.search(title) and re.search(r"关于印发.{0,40}(工作要点|实施方案)", head)):
        return "work_plan"
    if _REPORT.search(title) and re.search("公开", title):
        return "annual_report"
    if all(k in text for k in _REPORT_BODY) and re.search(r"年度报告|主动公开政府信息情况", text):
        return "annual_report"
    # a fragment or an untitled page that still carries the statistical tables
    if sum(1 for k in _TABLE_LABELS if k in text) >= 2:
        return "annual_report"
    return "other"


_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")


def _arabic_years(text: str) -> str:
    """二〇二二年 -> 2022年 (same length, so positions are kept)."""
    return re.sub(r"[一二][〇零○Ｏ一二三四五六七八九]{3}(?=\s*年)", lambda m: m.group(0).translate(_CN_DIGITS), text)


def detect_year(title: str, text: str, doc_type: str, extra_titles=()):
    title = _arabic_years(title or "")
    for t in (title, *extra_titles):
        years = [int(y) for y in re.findall(_YEAR + r"(?=\s*年|\s*(?:vs|VS|-|—|~|至|$|[_\s]))", t or "")]
        if years:
            return max(years)                    # "2023 vs 2024" compares up to 2024
    return _year_from_body(text)


def _year_from_body(text: str):
    text = _arabic_years(text[:200000])
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
    for short, full in sorted(_places()["department_abbreviations"].items(), key=lambda kv: -len(kv[0])):
        if name.endswith(short):
            return name[: -len(short)] + full
    return name


_BOUNDARY = set("由与在向对于和及的、:：,，。;；(（《“\"' \n\t") | {""}


def _fuller_form(name: str, text: str) -> str:
    """洪泽区人民政府 -> 淮安市洪泽区人民政府 when the text names the city in front of it.

    Candidates are the 2-4 characters before 市 in front of the area name; the one
    the text also uses on its own (after punctuation or a particle) wins.
    """
    m = re.match(r"^[\u4e00-\u9fff]{1,8}?(区|县|旗)", name)
    if not m or re.match(r"^[\u4e00-\u9fff]{1,7}[省市]", name[: m.end() - 1]):
        return name
    area = m.group(0)
    votes: Counter = Counter()
    for hit in re.finditer(r"(?<=[\u4e00-\u9fff])市" + re.escape(area), text):
        s = hit.start()
        for n in (2, 3, 4):
            if s - n < 0:
                break
            city = text[s - n:s]
            if not re.fullmatch(r"[\u4e00-\u9fff]+", city):
                break
            before = text[s - n - 1] if s - n - 1 >= 0 else ""
            if before in _BOUNDARY:
                votes[city] += 1
    if not votes:
        return name
    city = max(votes, key=lambda c: (votes[c], len(c)))
    return city + "市" + name


def detect_issuer(title: str, text: str):
    t = re.sub(r"\s+", "", title or "")
    if not t:
        return None
    # 上海市人民政府办公厅关于印发《…》的通知
    m = re.match(r"^([\u4e00-\u9fff]{2,30}?)关于印发", t)
    if m:
        return m.group(1)
    t = re.sub(r"(文档格式|文档|格式|范文)*\.(docx?|pdf|txt|html?)$", "", t)
    t = re.sub(_YEAR + r"(年度?|vs|VS)?", "", _arabic_years(t))
    t = re.sub(r"^[《“\"（(]+", "", t)
    m = re.match(r"([\u4e00-\u9fff]{2,40}?)" + _DISCLOSURE, t)
    if not m:
        return None
    name = re.sub(r"关于$", "", m.group(1))
    name = re.split(r"关于", name)[0] or name
    if re.fullmatch(r"(关于|本|我|全)[\u4e00-\u9fff]*|(人民)?政府|各级|年度", name):
        return None
    name = _complete_body(_expand_abbreviation(name))
    name = _GOV.sub(lambda g: g.group(1) + "人民政府" + (g.group(2) or ""), name)   # 某区政府 -> 某区人民政府
    return _fuller_form(name, text)


def detect_level(issuer: str | None) -> str | None:
    if not issuer:
        return None
    p = _places()
    gov = re.sub(r"(人民政府)?(办公厅|办公室)$", "", issuer)
    if re.search(r"(人民政府|人民政府办公厅|人民政府办公室)$", issuer) or (gov != issuer and not gov.endswith(("委员会", "局", "管委会"))):
        core = re.sub(r"人民政府$", "", gov)
        if core.startswith("国务院"):
            return "national"
        if re.search(r"(省|自治区)$", core) or core.rstrip("市") in p["municipalities"]:
            return "provincial"
        if re.search(r"(街道|镇|乡)$", core):
            return "township"
        if re.search(r"县$|自治县$|旗$", core):
            return "county"
        if re.search(r"市.+区$", core) or (re.search(r"区$", core) and not re.search(r"自治区$", core)):
            return "district"
        if re.search(r"(市|自治州|州|盟|地区)$", core):
            return "city"
    if re.search(r"街道办事处$", issuer):
        return "township"
    if re.search(r"(地区|盟)行政公署$", issuer):
        return "city"
    if re.search(r"(实验区|新区|开发区|高新区|示范区|园区|自贸区)(管委会|管理委员会)$", issuer):
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
        declared = report.meta.title
        if declared:   # the container's title goes through the same folding as the text
            from .normalize import normalize
            declared = normalize(declared).text
        title = find_title(report.lines)
        container = _title_from_container(declared)
        if not title and container and _TITLE_HINT.search(container):
            title = container
        m = report.meta
        m.title = title or container or None
        not_report = bool(container and _NOT_A_REPORT.search(container))
        m.doc_type = "other" if not_report else detect_doc_type(title, head, text)
        m.year = detect_year(title, text, m.doc_type, extra_titles=(declared or "",))
        m.issuer = detect_issuer(title or container, text)
        m.level = detect_level(m.issuer)
        m.template = detect_template(text, m.year, m.doc_type)
        if m.doc_type == "other":
            report.warn("not recognised as a disclosure report or work plan: tables and checks may be empty")
        elif not title:
            report.warn("no title found: the document may be a fragment; year and issuer may be missing")
        return report
    return metadata_step
