"""Consecutive-year report pairs written for the comparison tests (fictional issuers, every figure known).

``pair_texts()`` gives the 2022 and 2023 reports of 青柳县人民政府 as plain text:

* preamble: template wording only (discounted);
* 一、总体情况: the opening paragraph rewritten; (一) one sentence kept, one with a new
  figure (4862 -> 5120 条); (二) 申请 130 件 "比上年增长20%" while 2022 had 100 件
  (really +30%: a wrong claim); 政务咨询 1200 -> 1500 件 "同比增长25%" (right);
  (三) kept word for word; (四) only in 2022, (五) only in 2023;
* tables: 行政许可 3268 -> 3400, 行政处罚 1542 -> 50 (abrupt), 行政强制 0 -> 87
  (abrupt from 0); 2022 结转下年度 4 but 2023 上年结转 6 (a failing carry-over);
* 五、存在的主要问题: 2023 repeats 2022's text with the years moved on (copied);
  the part is titled 主要问题和改进措施 in 2022 and 存在的主要问题及改进情况 in 2023;
* 六、其他需要报告的事项: rewritten.
"""
from __future__ import annotations

PREAMBLE = ("本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
            "（国办公开办函〔2021〕30号）编制。本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
            "本报告电子版可在青柳县人民政府门户网站下载。")

OPENING = {
    2022: "2022年，青柳县聚焦稳经济、惠民生，以标准化规范化建设为抓手，推动政务公开工作提质增效，为全县高质量发展营造良好环境。",
    2023: "2023年，青柳县围绕县委县政府年度重点任务，把政务公开融入政策制定和执行全过程，以公开促落实、强监管、优服务。",
}
KEPT_SENTENCE = "围绕乡村振兴、营商环境、义务教育等重点领域，持续做好政策文件及解读材料的同步发布。"
PROACTIVE_FIGURE = "全年通过县政府门户网站主动公开政府信息{n}条，涵盖机构职能、规划计划、财政资金等各类信息。"
APPLICATIONS = {
    2022: "全年共收到政府信息公开申请100件，均在法定期限内答复。12345热线与网站留言板联动，全年办理政务咨询1200件。",
    2023: "全年共收到政府信息公开申请130件，比上年增长20%，均在法定期限内答复。12345热线与网站留言板联动，"
          "全年办理政务咨询1500件，同比增长25%。",
}
MANAGEMENT = ("对现行有效的行政规范性文件开展集中清理，建立文件库并实行动态更新；严格执行信息发布前保密审查制度，"
              "全年未发生泄密事件。")
ONLY_2022 = "（四）公开专区建设。在全县十二个乡镇便民服务中心设立政务公开专区，配备查阅终端和政策汇编。"
ONLY_2023 = "（五）新媒体矩阵。整合县直部门政务新媒体账号，关停长期不更新账号九个，统一内容审核流程。"
PROBLEMS = ("{y}年，我县政务公开工作虽取得一定成效，但仍存在部分乡镇信息更新不够及时、政策解读形式较为单一、"
            "基层公开人员业务能力有待提升等问题。下一步，我县将加强对乡镇公开工作的日常监测和通报，"
            "丰富图解、视频等解读形式，并在{z}年组织覆盖全部乡镇的业务培训。")
PROBLEMS_HEADING = {2022: "五、主要问题和改进措施", 2023: "五、存在的主要问题及改进情况"}
OTHER = {
    2022: "2022年，青柳县未收取政府信息公开信息处理费。全年办理人大代表建议28件、政协委员提案35件。",
    2023: "本年度本机关没有发生收取信息处理费的情形，人大代表建议和政协提案办理结果均已按规定主动公开。",
}
T2 = {2022: (3268, 1542, 0, 120.5), 2023: (3400, 50, 87, 120.5)}
# t3 rows (natural, business, research, social, legal, other, total) of the 2021 template
T3_NEW = {2022: (90, 6, 0, 1, 2, 1, 100), 2023: (120, 6, 0, 1, 2, 1, 130)}
T3_IN = {2022: (3, 0, 0, 0, 0, 0, 3), 2023: (5, 1, 0, 0, 0, 0, 6)}
T3_OUT = {2022: (3, 1, 0, 0, 0, 0, 4), 2023: (2, 0, 0, 0, 0, 0, 2)}


def _row(label: str, values) -> str:
    return label + "\t" + "\t".join(str(v) for v in values)


def _t3(year: int) -> str:
    new, cin, cout = T3_NEW[year], T3_IN[year], T3_OUT[year]
    total = tuple(a + b - c for a, b, c in zip(new, cin, cout))
    half = tuple(t // 2 for t in total[:6])
    disclosed = half + (sum(half),)
    rest = tuple(t - d for t, d in zip(total, disclosed))
    zero = (0,) * 7
    lines = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况",
        "\t自然人\t法人或其他组织\t\t\t\t\t总计",
        "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他",
        _row("一、本年新收政府信息公开申请数量", new),
        _row("二、上年结转政府信息公开申请数量", cin),
        _row("三、本年度办理结果\t（一）予以公开", disclosed),
        _row("\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）", zero),
        _row("\t（三）不予公开\t1.属于国家秘密", zero),
        _row("\t\t2.其他法律行政法规禁止公开", zero),
        _row("\t\t3.危及“三安全一稳定”", zero),
        _row("\t\t4.保护第三方合法权益", zero),
        _row("\t\t5.属于三类内部事务信息", zero),
        _row("\t\t6.属于四类过程性信息", zero),
        _row("\t\t7.属于行政执法案卷", zero),
        _row("\t\t8.属于行政查询事项", zero),
        _row("\t（四）无法提供\t1.本机关不掌握相关政府信息", rest),
        _row("\t\t2.没有现成信息需要另行制作", zero),
        _row("\t\t3.补正后申请内容仍不明确", zero),
        _row("\t（五）不予处理\t1.信访举报投诉类申请", zero),
        _row("\t\t2.重复申请", zero),
        _row("\t\t3.要求提供公开出版物", zero),
        _row("\t\t4.无正当理由大量反复申请", zero),
        _row("\t\t5.要求行政机关确认或重新出具已获取信息", zero),
        _row("\t（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", zero),
        _row("\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", zero),
        _row("\t\t3.其他", zero),
        _row("\t（七）总计", total),
        _row("四、结转下年度继续办理", cout),
    ]
    return "\n".join(lines)


def report_text(year: int) -> str:
    """The 青柳县 report for 2022 or 2023."""
    lic, pen, coe, fee = T2[year]
    n = 4862 if year == 2022 else 5120
    subs = [
        "（一）主动公开。" + KEPT_SENTENCE + PROACTIVE_FIGURE.format(n=n),
        "（二）依申请公开。" + APPLICATIONS[year],
        "（三）政府信息管理。" + MANAGEMENT,
        ONLY_2022 if year == 2022 else ONLY_2023,
    ]
    parts = [
        f"青柳县人民政府{year}年政府信息公开工作年度报告",
        PREAMBLE.format(y=year),
        "一、总体情况",
        OPENING[year],
        *subs,
        "二、主动公开政府信息情况",
        "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t6\t2\t47",
        f"第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t{lic}",
        f"第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t{pen}\n行政强制\t{coe}",
        f"第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）\n行政事业性收费\t{fee}",
        "三、收到和处理政府信息公开申请情况",
        _t3(year),
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议\t\t\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n"
        "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
        "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
        PROBLEMS_HEADING[year],
        PROBLEMS.format(y=year, z=year + 1),
        "六、其他需要报告的事项",
        OTHER[year],
    ]
    return "\n\n".join(parts) + "\n"


# A report of an unrelated issuer (a city bureau, another style), for the "unrelated" bound.
UNRELATED = """松河市交通运输局2023年政府信息公开工作年度报告

一、总体情况
2023年，市交通运输局紧扣综合交通枢纽建设，推进重点项目信息公开。城市公交线网优化调整方案在公示期内收集市民意见两百余条并逐条反馈。
道路运输许可、网约车经营许可等事项的办理结果在七个工作日内公开，执法检查结果按月汇总发布。
二、主动公开政府信息情况
本局全年发布路网建设进度、公交线路调整、停车收费标准等信息612条，公开规范性文件3件。
三、收到和处理政府信息公开申请情况
全年收到申请18件，主要涉及征地拆迁补偿和道路工程审批，均按期办结。
四、政府信息公开行政复议、行政诉讼情况
本年度未发生因政府信息公开引起的行政复议和行政诉讼。
五、存在的主要问题及改进情况
港航、铁路等领域数据更新偏慢。明年将建立跨部门的交通数据共享目录，按季度发布运行分析。
六、其他需要报告的事项
本局未收取信息处理费。
"""
