"""Forty whole reports written for the test set: issuers from ministries to townships, 2019-2024,
tables in the layouts government sites and offices publish (see tables.py and render.py).

Figures, sentences and layouts are our own; place and body names are real, the content is invented.
Each entry says what is special about it; ``expected_cells`` comes from the figures of the tables
actually printed.
"""
from __future__ import annotations

from .model import Doc, t3_from, t4_from


def t2_2021(rules=(0, 0, 0), normative=(0, 0, 0), license=0, penalty=0, coercion=0, fees=0.0) -> dict:
    """Table 二 of the 2021 template from its printed numbers (None: blank)."""
    out = {}
    for row, vals in (("rules", rules), ("normative", normative)):
        out.update({f"t2.art20_1.{row}.{c}": v for c, v in zip(("issued", "repealed", "in_force"), vals)})
    out["t2.art20_5.license.decisions"] = license
    out["t2.art20_6.penalty.decisions"] = penalty
    out["t2.art20_6.coercion.decisions"] = coercion
    out["t2.art20_8.fees.amount"] = fees
    return out


def t2_2019(rules=(0, 0, 0), normative=(0, 0, 0), license=(0, 0, 0), services=(0, 0, 0), penalty=(0, 0, 0),
            coercion=(0, 0, 0), fees=(0, 0), procurement=(0, 0)) -> dict:
    """Table 二 of the 2019 template from its printed numbers (None: blank)."""
    out = {}
    for row, vals in (("rules", rules), ("normative", normative)):
        out.update({f"t2.art20_1.{row}.{c}": v for c, v in zip(("made", "published", "total"), vals)})
    for art, row, vals in (("art20_5", "license", license), ("art20_5", "other_services", services),
                           ("art20_6", "penalty", penalty), ("art20_6", "coercion", coercion)):
        out.update({f"t2.{art}.{row}.{c}": v for c, v in zip(("prev_items", "change", "decisions"), vals)})
    out.update({f"t2.art20_8.fees.{c}": v for c, v in zip(("prev_items", "change"), fees)})
    out.update({f"t2.art20_9.procurement.{c}": v for c, v in zip(("projects", "amount"), procurement)})
    return out


def _blank_zeros(d: dict) -> dict:
    return {k: (None if v == 0 else v) for k, v in d.items()}


def intro(issuer: str, year: int, k: int) -> list:
    """一、总体情况 paragraphs (several wordings)."""
    texts = [
        f"{year}年，{issuer}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "围绕中心工作，持续深化政务公开，不断提升政府工作透明度。",
        f"{year}年，我单位严格执行《中华人民共和国政府信息公开条例》，健全公开工作机制，主动回应社会关切，"
        "全年政务公开工作有序推进。",
        f"本报告由{issuer}编制，依据《中华人民共和国政府信息公开条例》要求，报告{year}年度政府信息公开工作情况。"
        "报告中所列数据的统计期限自" + f"{year}年1月1日起至{year}年12月31日止。",
        f"{year}年，{issuer}按照上级关于政务公开工作的部署要求，聚焦重点领域信息公开，加强平台建设，"
        "依申请公开办理规范有序。",
    ]
    return [texts[k % len(texts)], "（一）主动公开。全年通过门户网站、政务新媒体等渠道主动公开政府信息，及时发布政策文件和解读材料。",
            "（二）依申请公开。严格按照法定程序和时限办理政府信息公开申请，答复内容规范、告知救济渠道完整。"]


def closing(issuer: str, year: int) -> list:
    return [issuer, f"{year + 1}年1月20日"]


def _doc(id, issuer, year, template, fmt, layout, t2, t3, t4, k=0, title=True, **kw) -> Doc:
    t = f"{issuer}{year}年政府信息公开工作年度报告" if title is True else title
    return Doc(id=id, issuer=issuer, year=year, template=template, fmt=fmt, layout=layout, t2=t2, t3=t3, t4=t4,
               title=t, intro=intro(issuer, year, k), closing=closing(issuer, year), **kw)


DOCS = [
    # --- HTML ------------------------------------------------------------------------------------
    _doc("h01-city-2level-3cols", "湖州市人民政府", 2021, "2021", "html",
         {"t3_header": "two_level", "t3_labels": "three_cols"},
         t2_2021((1, 0, 12), (23, 9, 156), 48216, 35127, 412, 1286.57),
         t3_from("2021", {"disclosed": [402, 96, 3, 2, 11, 5], "partial": [37, 8], "withheld.process": [6, 1],
                          "withheld.third_party": [3], "unavailable.not_held": [211, 40, 1, 0, 6, 2],
                          "unavailable.not_ready": [18, 2], "rejected.repeat": [25, 3], "rejected.petition": [9],
                          "other.no_correction": [14, 2], "other.other": [31, 4, 0, 0, 1]},
                 carried_in=[21, 4, 0, 0, 1, 0], carried_out=[30, 6, 0, 0, 0, 1]),
         t4_from([12, 3, 1, 2], [4, 0, 1, 1], [1, 0, 0, 0]), k=0),
    _doc("h02-county-th-thead-2019", "安吉县人民政府", 2019, "2019", "html",
         {"html_th": True, "t3_header": "two_level", "t3_labels": "two_cols", "numbering": "（1）"},
         t2_2019((0, 0, 0), (11, 11, 64), (512, -23, 20931), (87, 4, 1534), (233, 12, 6120), (41, 0, 318),
                 (19, -2), (56, 18763420.5)),
         t3_from("2019", {"disclosed": [96, 12], "partial": [8, 1], "withheld.law": [2],
                          "unavailable.not_held": [41, 3, 0, 0, 2], "rejected.repeat": [6], "other": [17, 2]},
                 carried_in=[3], carried_out=[5, 1]),
         t4_from([2, 1, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0]), k=1),
    _doc("h03-department-no-top-header", "宁波市教育局", 2022, "2021", "html",
         {"t3_header": "no_top", "t3_labels": "three_cols", "blank": ""},
         _blank_zeros(t2_2021((0, 0, 0), (4, 2, 37), 1312, 26, 0, 0)),
         t3_from("2021", {"disclosed": [58, 2], "partial": [6], "unavailable.not_held": [22, 1],
                          "rejected.petition": [4], "other.other": [3]}, blank_zero=True),
         t4_from([1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], blank_zero=True), k=3),
    _doc("h04-township-flat-header-one-col", "余杭区仁和街道办事处", 2023, "2021", "html",
         {"t3_header": "flat", "t3_labels": "one_col", "numbering": "1、"},
         t2_2021((0, 0, 0), (0, 0, 0), 86, 14, 0, 0),
         t3_from("2021", {"disclosed": [5], "unavailable.not_held": [3], "other.no_correction": [1]}),
         t4_from([0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]), k=1),
    _doc("h05-district-blank-dash-nbsp", "杭州市西湖区人民政府", 2021, "2021", "html",
         {"t3_labels": "three_cols", "blank": "—"},
         _blank_zeros(t2_2021((0, 0, 0), (6, 3, 71), 20313, 4810, 96, 0)),
         t3_from("2021", {"disclosed": [155, 31, 0, 1, 4, 2], "partial": [19, 2], "withheld.secret": [1],
                          "withheld.process": [4, 1], "unavailable.not_held": [88, 12, 0, 0, 3, 1],
                          "rejected.repeat": [7], "other.other": [21, 3]},
                 carried_in=[11, 2], carried_out=[9, 1], blank_zero=True),
         t4_from([6, 1, 0, 1], [2, 0, 0, 2], [1, 0, 1, 0], blank_zero=True), k=0),
    _doc("h06-county-units-notes-2019", "长兴县人民政府", 2020, "2019", "html",
         {"t3_labels": "three_cols", "unit": "件", "zero_note": True, "t2_style": "art_col"},
         t2_2019((0, 0, 0), (6, 6, 41), (388, 12, 15240), (64, -3, 2207), (173, 0, 4471), (22, 2, 156),
                 (9, 0), (31, 9284710.35)),
         t3_from("2019", {"disclosed": [64, 9], "partial": [5], "withheld.third_party": [2],
                          "unavailable.not_held": [33, 4], "rejected.repeat": [3], "other": [12, 1]},
                 carried_in=[2], carried_out=[4]),
         t4_from([1, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]), k=2),
    _doc("h07-park-tables-as-images", "安吉经济开发区管理委员会", 2022, "2021", "html",
         {"html_images": True},
         t2_2021(), t3_from("2021", {"disclosed": [2]}), t4_from([0] * 4, [0] * 4, [0] * 4), k=3, tables=()),
    _doc("h08-county-pre-tables", "德清县人民政府", 2022, "2021", "html",
         {"html_pre": True, "t3_labels": "three_cols"},
         t2_2021((0, 0, 0), (5, 1, 48), 30462, 6215, 233, 0),
         t3_from("2021", {"disclosed": [71, 15], "partial": [9, 1], "withheld.process": [2],
                          "unavailable.not_held": [40, 6, 0, 0, 1], "rejected.repeat": [5],
                          "other.no_correction": [3], "other.other": [11, 2]},
                 carried_in=[4, 1], carried_out=[6]),
         t4_from([3, 0, 0, 1], [1, 0, 0, 0], [0, 0, 0, 0]), k=1),
    _doc("h09-city-traditional", "温州市人民政府", 2021, "2021", "html",
         {"traditional": True, "t3_labels": "three_cols"},
         t2_2021((2, 1, 30), (19, 8, 211), 61233, 28814, 530, 452.3),
         t3_from("2021", {"disclosed": [361, 77, 1, 3, 9, 4], "partial": [42, 6], "withheld.secret": [2],
                          "withheld.process": [7, 2], "unavailable.not_held": [188, 35, 0, 1, 4, 3],
                          "unavailable.unclear": [6], "rejected.repeat": [19, 2], "other.other": [44, 5]},
                 carried_in=[18, 3], carried_out=[25, 4, 0, 0, 1]),
         t4_from([15, 4, 2, 3], [5, 1, 0, 2], [2, 0, 0, 1]), k=0),
    _doc("h10-city-2019-block-headers", "绍兴市人民政府", 2019, "2019", "html",
         {"t2_style": "blocks", "t3_labels": "three_cols", "html_nested": True},
         t2_2019((1, 1, 15), (14, 14, 96), (1020, 35, 80361), (213, -11, 9130), (465, 20, 22817),
                 (88, 3, 1032), (41, -6), (142, 52361087.2)),
         t3_from("2019", {"disclosed": [233, 48, 1, 1, 6, 2], "partial": [29, 3], "withheld.law": [3],
                          "withheld.process": [5, 1], "unavailable.not_held": [142, 20, 0, 0, 3, 1],
                          "rejected.repeat": [12], "other": [36, 4]},
                 carried_in=[13, 2], carried_out=[17, 3]),
         t4_from([9, 2, 1, 1], [3, 1, 0, 1], [1, 0, 0, 0]), k=0),
    _doc("h11-bureau-only-total-filled", "嘉兴市市场监督管理局", 2022, "2021", "html",
         {"t3_labels": "three_cols", "only_total": True},
         t2_2021((0, 0, 0), (3, 1, 22), 5836, 3120, 88, 0),
         t3_from("2021", {"disclosed": [46], "partial": [7], "unavailable.not_held": [19],
                          "rejected.repeat": [2], "other.other": [5]}, carried_in=[1], carried_out=[3]),
         t4_from([2, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]), k=1),
    _doc("h12-province-t4-two-header", "浙江省人民政府", 2023, "2021", "html",
         {"t3_labels": "three_cols", "t4_style": "two_header", "html_th": True},
         t2_2021((6, 2, 158), (21, 10, 342), 0, 0, 0, 0),
         t3_from("2021", {"disclosed": [612, 203, 7, 5, 22, 9], "partial": [88, 19], "withheld.secret": [4],
                          "withheld.law": [3, 1], "withheld.process": [21, 5],
                          "unavailable.not_held": [354, 92, 2, 1, 10, 4], "unavailable.not_ready": [27, 6],
                          "rejected.repeat": [38, 4], "rejected.excessive": [6], "other.no_correction": [19, 3],
                          "other.other": [57, 11, 0, 0, 2]},
                 carried_in=[44, 10, 0, 0, 1], carried_out=[51, 12, 0, 1, 2]),
         t4_from([31, 6, 4, 8], [11, 2, 1, 5], [6, 1, 0, 2]), k=0),
    _doc("h13-district-t4-per-group", "宁波市鄞州区人民政府", 2024, "2021", "html",
         {"t3_labels": "two_cols", "t4_style": "per_group"},
         t2_2021((0, 0, 0), (8, 5, 63), 25518, 7340, 171, 0),
         t3_from("2021", {"disclosed": [140, 26, 0, 0, 5, 1], "partial": [12, 3], "withheld.process": [3],
                          "unavailable.not_held": [97, 14, 0, 0, 2], "rejected.repeat": [8],
                          "other.other": [18, 2]}, carried_in=[7], carried_out=[10, 2]),
         t4_from([7, 2, 0, 1], [2, 1, 0, 0], [1, 0, 0, 1]), k=3),
    _doc("h14-county-truncated-after-t3", "庆元县人民政府", 2022, "2021", "html",
         {"t3_labels": "three_cols"},
         t2_2021((0, 0, 0), (2, 0, 25), 9731, 2204, 41, 0),
         t3_from("2021", {"disclosed": [23, 3], "partial": [2], "unavailable.not_held": [11, 1],
                          "other.other": [4]}, carried_out=[1]),
         t4_from([0] * 4, [0] * 4, [0] * 4), k=0, parts=("一", "二", "三"), tables=("t2", "t3"),
         expect_partial=True),
    _doc("h15-department-chrome-nested", "浙江省卫生健康委员会", 2020, "2019", "html",
         {"html_chrome": True, "html_nested": True, "t3_labels": "three_cols"},
         t2_2019((0, 0, 0), (12, 12, 88), (140, -6, 6312), (35, 1, 2014), (96, 4, 1730), (12, 0, 41),
                 (3, -1), (28, 7364020.0)),
         t3_from("2019", {"disclosed": [121, 30], "partial": [15, 2], "withheld.process": [4],
                          "unavailable.not_held": [76, 12, 0, 0, 1], "rejected.repeat": [6], "other": [14, 3]},
                 carried_in=[5, 1], carried_out=[8]),
         t4_from([4, 1, 0, 1], [1, 0, 0, 0], [0, 0, 0, 0]), k=0),
    _doc("h16-county-transitional-t2", "桐乡市人民政府", 2020, "2019", "html",
         {"t3_labels": "three_cols"},
         {**t2_2021((0, 0, 0), (7, 2, 59)), "t2.art20_5.license.prev_items": 301,
          "t2.art20_5.license.change": 6, "t2.art20_5.license.decisions": 18820,
          "t2.art20_5.other_services.prev_items": 42, "t2.art20_5.other_services.change": 0,
          "t2.art20_5.other_services.decisions": 1190, "t2.art20_6.penalty.decisions": 5561,
          "t2.art20_6.coercion.decisions": 120, "t2.art20_8.fees.amount": 282.1},
         t3_from("2019", {"disclosed": [77, 10], "partial": [6], "unavailable.not_held": [35, 2],
                          "rejected.repeat": [4], "other": [9]}, carried_out=[2]),
         t4_from([1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]), k=1,
         t2_blocks={"art20_1": "2021", "art20_5": "2019", "art20_6": "2021", "art20_8": "2021"}),
    # --- DOCX ------------------------------------------------------------------------------------
    _doc("d01-county-merged-header-spacer", "淳安县人民政府", 2021, "2021", "docx",
         {"t3_header": "two_level", "t3_labels": "three_cols", "spacer": True},
         t2_2021((0, 0, 0), (4, 1, 35), 12040, 3318, 76, 0),
         t3_from("2021", {"disclosed": [38, 6], "partial": [4], "withheld.process": [1],
                          "unavailable.not_held": [19, 2], "rejected.repeat": [2], "other.other": [6, 1]},
                 carried_in=[2], carried_out=[3]),
         t4_from([1, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]), k=0),
    _doc("d02-county-2019-template", "仙居县人民政府", 2019, "2019", "docx",
         {"t3_labels": "three_cols", "numbering": "1、"},
         t2_2019((0, 0, 0), (9, 9, 52), (276, 8, 11602), (51, -4, 1873), (158, 3, 3904), (17, 0, 96),
                 (12, -1), (22, 6123480.0)),
         t3_from("2019", {"disclosed": [45, 5], "partial": [3], "unavailable.not_held": [21, 2],
                          "rejected.repeat": [2], "other": [7]}, carried_in=[1], carried_out=[2]),
         t4_from([1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]), k=1),
    _doc("d03-bureau-two-label-cols", "台州市生态环境局", 2022, "2021", "docx",
         {"t3_labels": "two_cols", "t2_style": "art_col"},
         t2_2021((0, 0, 0), (2, 1, 14), 1630, 412, 23, 0),
         t3_from("2021", {"disclosed": [33, 12], "partial": [5, 2], "withheld.process": [1],
                          "unavailable.not_held": [14, 6], "other.other": [3, 1]}, carried_out=[1, 1]),
         t4_from([2, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]), k=3),
    _doc("d04-town-blank-cells", "桐庐县分水镇人民政府", 2024, "2021", "docx",
         {"t3_labels": "one_col", "blank": ""},
         _blank_zeros(t2_2021((0, 0, 0), (0, 0, 0), 41, 3, 0, 0)),
         t3_from("2021", {"disclosed": [3], "unavailable.not_held": [1]}, blank_zero=True),
         t4_from([0] * 4, [0] * 4, [0] * 4, blank_zero=True), k=1),
    _doc("d05-ministry-2021", "国家林业和草原局", 2021, "2021", "docx",
         {"t3_labels": "three_cols", "t4_style": "per_group"},
         t2_2021((3, 1, 41), (12, 4, 138), 12876, 0, 0, 0),
         t3_from("2021", {"disclosed": [311, 102, 6, 9, 14, 8], "partial": [40, 12, 1], "withheld.secret": [3],
                          "withheld.process": [12, 4], "unavailable.not_held": [205, 61, 2, 3, 6, 2],
                          "unavailable.not_ready": [14, 3], "rejected.repeat": [22, 2],
                          "other.no_correction": [9, 2], "other.other": [35, 8, 0, 1]},
                 carried_in=[27, 6], carried_out=[31, 9, 0, 0, 1]),
         t4_from([18, 2, 3, 6], [4, 1, 0, 3], [2, 0, 0, 1]), k=0),
    # --- text and markdown -----------------------------------------------------------------------
    _doc("t01-city-md-export", "舟山市人民政府", 2021, "2021", "md",
         {"text_tables": "md", "t3_labels": "three_cols"},
         t2_2021((0, 0, 3), (9, 4, 87), 17325, 5120, 60, 31.85),
         t3_from("2021", {"disclosed": [98, 20, 0, 1, 2, 1], "partial": [11, 2], "withheld.process": [2],
                          "unavailable.not_held": [53, 9, 0, 0, 1], "rejected.repeat": [4],
                          "other.other": [12, 1]}, carried_in=[6, 1], carried_out=[8]),
         t4_from([5, 1, 0, 1], [1, 0, 0, 1], [0, 0, 0, 0]), k=0),
    _doc("t02-city-traditional-tab", "丽水市人民政府", 2020, "2019", "txt",
         {"text_tables": "tab", "traditional": True, "t3_labels": "three_cols"},
         t2_2019((0, 0, 0), (8, 8, 57), (344, 5, 16021), (60, 2, 2140), (201, -7, 5893), (25, 1, 140),
                 (14, 0), (39, 10234410.8)),
         t3_from("2019", {"disclosed": [87, 12], "partial": [7, 1], "withheld.third_party": [1],
                          "unavailable.not_held": [46, 5], "rejected.repeat": [3], "other": [15, 2]},
                 carried_in=[3], carried_out=[6, 1]),
         t4_from([3, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]), k=1),
    _doc("t03-department-cells-units", "金华市人力资源和社会保障局", 2022, "2021", "txt",
         {"text_tables": "cells", "t3_labels": "three_cols", "unit": "件"},
         t2_2021((0, 0, 0), (3, 2, 19), 2410, 37, 0, 0),
         t3_from("2021", {"disclosed": [41, 5], "partial": [3], "unavailable.not_held": [16, 1],
                          "rejected.repeat": [2], "other.other": [4]}, carried_out=[2]),
         t4_from([1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]), k=2),
    _doc("t04-county-2019-tab-procurement", "遂昌县人民政府", 2019, "2019", "txt",
         {"text_tables": "tab", "t3_labels": "two_cols"},
         t2_2019((0, 0, 0), (5, 5, 33), (201, 4, 7420), (38, 0, 985), (97, 2, 2213), (9, 0, 47),
                 (11, -3), (17, 4302118.65)),
         t3_from("2019", {"disclosed": [29, 4], "partial": [2], "unavailable.not_held": [13, 1],
                          "other": [5]}, carried_out=[1]),
         t4_from([0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]), k=3),
    _doc("t05-district-md-blank", "温州市鹿城区人民政府", 2023, "2021", "md",
         {"text_tables": "md", "t3_labels": "two_cols", "blank": ""},
         _blank_zeros(t2_2021((0, 0, 0), (5, 3, 40), 15236, 3382, 92, 0)),
         t3_from("2021", {"disclosed": [83, 17, 0, 0, 2], "partial": [9, 1], "withheld.process": [2],
                          "unavailable.not_held": [47, 8, 0, 0, 1], "rejected.repeat": [6],
                          "other.other": [10, 2]}, carried_in=[5], carried_out=[7, 1], blank_zero=True),
         t4_from([4, 0, 0, 1], [1, 0, 0, 0], [0, 0, 0, 1], blank_zero=True), k=0),
    _doc("t06-ministry-pre", "国家文物局", 2022, "2021", "txt",
         {"text_tables": "pre", "t3_labels": "three_cols"},
         t2_2021((1, 0, 9), (4, 2, 31), 2207, 0, 0, 0),
         t3_from("2021", {"disclosed": [121, 33, 4, 6, 3, 2], "partial": [14, 3], "withheld.secret": [2],
                          "unavailable.not_held": [67, 15, 1, 2, 1], "rejected.repeat": [5],
                          "other.other": [13, 3]}, carried_in=[8, 2], carried_out=[10, 1]),
         t4_from([6, 1, 0, 2], [1, 0, 0, 1], [0, 0, 0, 0]), k=2),
    _doc("t07-park-tab", "宁波杭州湾新区管理委员会", 2021, "2021", "txt",
         {"text_tables": "tab", "t3_labels": "three_cols"},
         t2_2021((0, 0, 0), (1, 0, 12), 3904, 512, 18, 0),
         t3_from("2021", {"disclosed": [16, 9], "partial": [2, 1], "unavailable.not_held": [8, 3],
                          "other.other": [2]}, carried_out=[1]),
         t4_from([1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]), k=1),
    _doc("t08-bureau-only-total-tab", "杭州市公安局", 2023, "2021", "txt",
         {"text_tables": "tab", "t3_labels": "three_cols", "only_total": True},
         t2_2021((0, 0, 0), (2, 1, 15), 88012, 152330, 2013, 0),
         t3_from("2021", {"disclosed": [208], "partial": [31], "withheld.law": [6],
                          "unavailable.not_held": [95], "rejected.repeat": [12], "other.other": [27]},
                 carried_in=[9], carried_out=[14]),
         t4_from([11, 2, 1, 3], [3, 0, 0, 2], [1, 0, 0, 0]), k=0),
    _doc("t09-county-cut-mid-t3", "泰顺县人民政府", 2022, "2021", "txt",
         {"text_tables": "tab", "t3_labels": "three_cols", "cut_after_row": "result.unavailable.not_held"},
         t2_2021((0, 0, 0), (3, 1, 29), 8820, 1650, 37, 0),
         t3_from("2021", {"disclosed": [26, 4], "partial": [3], "unavailable.not_held": [12, 1],
                          "other.other": [3]}, carried_out=[2]),
         t4_from([0] * 4, [0] * 4, [0] * 4), k=1, parts=("一", "二", "三"), tables=("t2", "t3"),
         expect_partial=True),
    _doc("t10-untitled-report", "平阳县人民政府", 2021, "2021", "txt",
         {"text_tables": "tab", "t3_labels": "three_cols"},
         t2_2021((0, 0, 0), (6, 2, 44), 21035, 6012, 118, 0),
         t3_from("2021", {"disclosed": [52, 8], "partial": [4], "unavailable.not_held": [25, 3],
                          "rejected.repeat": [3], "other.other": [7, 1]}, carried_in=[2], carried_out=[4]),
         t4_from([2, 0, 0, 1], [1, 0, 0, 0], [0, 0, 0, 0]), k=2, title=None),
    _doc("t11-furniture-first", "嘉善县人民政府", 2023, "2021", "txt",
         {"text_tables": "tab", "t3_labels": "two_cols"},
         t2_2021((0, 0, 0), (4, 3, 38), 18342, 4406, 95, 12.6),
         t3_from("2021", {"disclosed": [61, 14], "partial": [5, 1], "withheld.process": [1],
                          "unavailable.not_held": [30, 4], "rejected.repeat": [2], "other.other": [8]},
                 carried_in=[3], carried_out=[5]),
         t4_from([3, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]), k=0,
         head=["索引号：330421000000000/2024-112805", "发布日期：2024-01-23", "来源：县政府办公室",
               "首页 > 政府信息公开 > 政府信息公开年报"]),
    _doc("t12-md-township-2019", "德清县莫干山镇人民政府", 2020, "2019", "md",
         {"text_tables": "md", "t3_labels": "one_col", "blank": "/"},
         _blank_zeros(t2_2019((0, 0, 0), (0, 0, 0), (12, 0, 302), (3, 0, 61), (0, 0, 0), (0, 0, 0),
                              (0, 0), (0, 0))),
         t3_from("2019", {"disclosed": [4], "unavailable.not_held": [2], "other": [1]}, blank_zero=True),
         t4_from([0] * 4, [0] * 4, [0] * 4, blank_zero=True), k=3),
    _doc("t13-province-dept-cells", "浙江省自然资源厅", 2024, "2021", "txt",
         {"text_tables": "cells", "t3_labels": "three_cols", "blank": "—"},
         _blank_zeros(t2_2021((0, 0, 0), (9, 6, 73), 3120, 214, 0, 0)),
         t3_from("2021", {"disclosed": [184, 66, 3, 2, 9, 4], "partial": [21, 7], "withheld.process": [5, 1],
                          "unavailable.not_held": [96, 30, 1, 0, 3, 1], "rejected.repeat": [9, 1],
                          "other.no_correction": [6], "other.other": [17, 5]},
                 carried_in=[12, 3], carried_out=[15, 4], blank_zero=True),
         t4_from([8, 2, 1, 2], [3, 0, 0, 1], [1, 0, 0, 0], blank_zero=True), k=0),
    _doc("t14-county-html-like-spacer-tab", "开化县人民政府", 2022, "2021", "txt",
         {"text_tables": "tab", "t3_labels": "three_cols", "spacer": True},
         t2_2021((0, 0, 0), (3, 0, 27), 10322, 2017, 60, 0),
         t3_from("2021", {"disclosed": [31, 5], "partial": [3], "unavailable.not_held": [15, 2],
                          "rejected.repeat": [1], "other.other": [4]}, carried_out=[2]),
         t4_from([1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]), k=1),
    # --- more of what sites and offices do ----------------------------------------------------------
    _doc("h17-city-t3-split-in-two-tables", "衢州市人民政府", 2022, "2021", "html",
         {"t3_labels": "three_cols", "split_t3": True},
         t2_2021((1, 0, 21), (13, 6, 120), 40511, 12883, 301, 96.4),
         t3_from("2021", {"disclosed": [214, 51, 1, 2, 5, 3], "partial": [26, 4], "withheld.process": [5, 1],
                          "unavailable.not_held": [120, 22, 0, 0, 2, 1], "unavailable.unclear": [4],
                          "rejected.repeat": [11, 1], "other.no_correction": [6], "other.other": [25, 4]},
                 carried_in=[10, 2], carried_out=[14, 3]),
         t4_from([9, 2, 1, 2], [3, 1, 0, 1], [1, 0, 0, 0]), k=1),
    _doc("h18-district-thousands-fullwidth", "杭州市余杭区人民政府", 2023, "2021", "html",
         {"t3_labels": "two_cols", "thousands": True, "fullwidth": True},
         t2_2021((0, 0, 0), (11, 4, 96), 103250, 22614, 1540, 0),
         t3_from("2021", {"disclosed": [1204, 311, 4, 6, 20, 9], "partial": [133, 27], "withheld.process": [14, 2],
                          "unavailable.not_held": [655, 141, 1, 2, 9, 4], "rejected.repeat": [48, 6],
                          "other.other": [97, 15, 0, 0, 1]}, carried_in=[61, 9], carried_out=[77, 12, 0, 0, 1]),
         t4_from([21, 5, 2, 6], [7, 2, 0, 3], [3, 0, 0, 1]), k=0),
    _doc("h19-county-label-br-th", "江山市人民政府", 2021, "2021", "html",
         {"t3_labels": "three_cols", "label_br": True, "html_th": True},
         t2_2021((0, 0, 0), (5, 2, 38), 14402, 3017, 55, 0),
         t3_from("2021", {"disclosed": [44, 7], "partial": [4], "withheld.process": [1],
                          "unavailable.not_held": [22, 3], "rejected.petition": [2], "other.other": [6]},
                 carried_in=[2], carried_out=[3]),
         t4_from([1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]), k=3),
    _doc("d06-district-t3-split-word", "金华市婺城区人民政府", 2024, "2021", "docx",
         {"t3_labels": "three_cols", "split_t3": True, "blank": ""},
         _blank_zeros(t2_2021((0, 0, 0), (6, 2, 51), 19876, 5230, 88, 0)),
         t3_from("2021", {"disclosed": [97, 18, 0, 1, 2], "partial": [8, 2], "withheld.third_party": [1],
                          "unavailable.not_held": [54, 9, 0, 0, 1], "rejected.repeat": [5],
                          "other.other": [12, 2]}, carried_in=[4], carried_out=[6, 1], blank_zero=True),
         t4_from([3, 1, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0], blank_zero=True), k=1),
    _doc("t15-md-without-outer-pipes", "湖州市吴兴区人民政府", 2022, "2021", "md",
         {"text_tables": "md_bare", "t3_labels": "three_cols", "blank": ""},
         _blank_zeros(t2_2021((0, 0, 0), (4, 1, 33), 11028, 2716, 47, 0)),
         t3_from("2021", {"disclosed": [62, 11, 0, 0, 1], "partial": [5, 1], "withheld.process": [2],
                          "unavailable.not_held": [30, 5], "rejected.repeat": [3], "other.other": [9, 1]},
                 carried_in=[3], carried_out=[4, 1], blank_zero=True),
         t4_from([2, 0, 0, 1], [1, 0, 0, 0], [0, 0, 0, 0], blank_zero=True), k=2),
]


def _only_total(doc: Doc) -> None:
    """Leave every applicant column of table 三 blank: only the 总计 column is filled."""
    doc.t3 = {r: [None] * 6 + [v[-1]] for r, v in doc.t3.items()}


def _cut(doc: Doc, after: str) -> None:
    """Stop table 三 after row ``after`` (a page cut short mid-table)."""
    rows = list(doc.t3)
    doc.t3 = {r: doc.t3[r] for r in rows[:rows.index(after) + 1]}


for _d in DOCS:
    if _d.layout.get("only_total"):
        _only_total(_d)
    if _d.layout.get("cut_after_row"):
        _cut(_d, _d.layout["cut_after_row"])
