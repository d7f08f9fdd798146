"""Level of the issuer (schema: national | provincial | city | district | county | township |
department) and ``government_level``, the level of the government a body belongs to.

The rules are documented in ``data/issuers.yaml``: a government by its area (a county-level
city is county, from ``county_level_cities.txt``), its general office as the government, a
zone's committee as district, any other body as department with the level of the area its
name starts with (a ministry: national).
"""
from __future__ import annotations

import re
from typing import Optional

from .cues import county_level_cities, issuer_rules, places

_GOVERNMENT = re.compile(r"^(.*?)(?:人民政府|政府)(?:办公厅|办公室)?$")
_ZONE = re.compile(r"(实验区|新区|开发区|高新区|示范区|园区|工业区|保税区|试验区|合作区)(管委会|管理委员会)$")


def area_level(area: str) -> Optional[str]:
    """Level of the government of an area: 上海市 -> provincial, 昆山市 -> county, 某镇 -> township."""
    p = places()
    if not area:
        return None
    if area.startswith("国务院"):
        return "national"
    if area.rstrip("市") in p["municipalities"] or re.search(r"(省|自治区|特别行政区)$", area):
        return "provincial"
    if re.search(r"(街道|镇|乡|苏木)$", area):
        return "township"
    if re.search(r"(县|旗)$", area):
        return "county"
    if area.endswith("区"):
        return "district"
    if area.endswith("市"):
        segments = issuer_rules().area_segment.findall(area)
        last = segments[-1] if segments else area
        return "county" if last in county_level_cities() else "city"
    if re.search(r"(州|盟|地区)$", area):
        return "city"
    return None


def detect_level(issuer: Optional[str]) -> Optional[str]:
    """The schema level of an issuer (see the module docstring); None without an issuer."""
    if not issuer:
        return None
    m = _GOVERNMENT.match(issuer)
    if m and area_level(m.group(1)):
        return area_level(m.group(1))
    if issuer.startswith("国务院"):
        return "national"
    if issuer.endswith("街道办事处"):
        return "township"
    if re.search(r"(地区|盟)行政公署$", issuer):
        return "city"
    if _ZONE.search(issuer):
        return "district"
    return "department"


def government_level(issuer: Optional[str]) -> Optional[str]:
    """The level of the government the issuer belongs to: its own level unless it is a
    department; a department's from the area its name starts with."""
    level = detect_level(issuer)
    if level != "department":
        return level
    rules = issuer_rules()
    name = rules.vertical_prefix.sub("", issuer)
    vertical = name != issuer
    if not vertical and rules.national_prefix.match(name):
        return "national"
    area = _leading_area(name)
    if area:
        return area_level(area)
    if not vertical and any(p.search(name) for p in rules.national_body):
        return "national"
    p = places()
    if name[:2] in p["municipalities"] or name[:2] in p["provinces"] or name[:3] in p["provinces"]:
        return "provincial"
    return "city"                               # a bare place in front: 南宁住房公积金管理中心


def _leading_area(name: str) -> str:
    """The area a department's name starts with (郑州市生态环境局二七分局 -> 郑州市)."""
    rules = issuer_rules()
    pos = 0
    while True:
        m = rules.area_segment.match(name, pos)
        if not m or rules.not_area.match(m.group(0)):
            return name[:pos]
        pos = m.end()
