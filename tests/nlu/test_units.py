from hypothesis import given, settings
from hypothesis import strategies as st

from nlu.units import KnownUnit, extract_place, extract_unit, match_unit

KNOWN = (
    KnownUnit("青石镇", ("青石",)),
    KnownUnit("区应急管理局", ("区应急局", "应急局")),
    KnownUnit("区交通运输局", ("交通局",)),
    KnownUnit("区交通运输局路政大队", ("路政大队",)),
)


def test_match_unit_longest_and_aliases():
    assert match_unit("应急局今日零报告", KNOWN) == "区应急管理局"
    assert match_unit("区交通运输局路政大队签到", KNOWN) == "区交通运输局路政大队"
    assert match_unit("青石 今日零报告", KNOWN) == "青石镇"
    assert match_unit("白沙街道零报告", KNOWN) is None
    assert match_unit("", KNOWN) is None
    assert match_unit("青石镇", ()) is None


def test_suffix_patterns():
    assert extract_place("白沙街道今日值班值守情况正常") == "白沙街道"
    assert extract_place("区交通运输局路政大队到场签到，共9人") == "区交通运输局路政大队"
    assert extract_place("隐患：宏达化工有限公司仓库危化品混存") .startswith("宏达化工有限公司")
    assert extract_place("区林业局巡查发现双桥镇凤凰山林区入口无人值守").startswith("双桥镇")
    assert extract_place("区教育局反映：实验中学锅炉房储气罐超期未检") == "实验中学"
    assert extract_place("6月18日，青石镇值班情况：零报告") == "青石镇"
    assert extract_place("昨天漏报了，补报一下：新华街道6月1日值班情况正常") == "新华街道"


def test_self_reference_leaves_unit_out():
    assert extract_place("我单位今日值班情况：城南小学门口发生碰擦") is None
    assert extract_place("我镇今日零报告") is None
    assert extract_unit("本单位今日零报告", KNOWN) is None
    assert extract_place("今日值班情况：城南小学门口发生碰擦") is None


def test_gazetteer_first():
    assert extract_unit("应急局今日零报告", KNOWN) == "区应急管理局"
    # a known unit inside a longer place name keeps the specific place for hazards
    assert extract_unit("青石镇大坪村后山出现裂缝", KNOWN, specific=True) == "青石镇大坪村"
    assert extract_unit("青石镇大坪村后山出现裂缝", KNOWN) == "青石镇"


def test_no_unit():
    assert extract_place("签到 李明") is None
    assert extract_place("已整改，现场照片见上图。") is None
    assert extract_place("") is None


def _match_by_scanning_every_unit(text, known_units):
    """The plain definition match_unit's index must agree with: every name looked for."""
    hay, best = "".join(text.split()), None
    for unit in known_units:
        for name in (unit.name, *unit.aliases):
            needle = "".join(name.split())
            pos = hay.find(needle) if needle else -1
            if pos >= 0 and (best is None or (-len(needle), pos) < best[:2]):
                best = (-len(needle), pos, unit.name)
    return best[2] if best else None


_SYLLABLES = "青石白沙桥镇局区应急交通 双永安街道"
_names = st.text(alphabet=_SYLLABLES, min_size=1, max_size=5)


@settings(max_examples=400, deadline=None)
@given(units=st.lists(st.tuples(_names, st.lists(_names, max_size=2)), max_size=8),
       text=st.text(alphabet=_SYLLABLES + "今日零报告，", max_size=30))
def test_match_unit_agrees_with_scanning_every_unit(units, text):
    known = tuple(KnownUnit(name, tuple(aliases)) for name, aliases in units)
    assert match_unit(text, known) == _match_by_scanning_every_unit(text, known)
