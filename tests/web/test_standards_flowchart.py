"""The SOP swim-lane flowchart builder: data in, well-formed SVG out."""

import xml.etree.ElementTree as ET

from evalsys.standards.flowchart import build_svg, lanes_of

NS = {"svg": "http://www.w3.org/2000/svg"}


def _step(activity, actor, **kw):
    return {"activity": activity, "actor": actor, **kw}


STEPS = [
    _step("Mengajukan permohonan", "Pemohon", requirements="KTP-el", duration="5 menit",
          output="Berkas"),
    _step("Memeriksa kelengkapan berkas", "Petugas loket", is_decision=True, no_goto=1),
    _step("Memproses dokumen", "Operator", duration="30 menit"),
    _step("Menandatangani", "Kepala Seksi"),
    _step("Menyerahkan dokumen", "Petugas loket"),
    _step("Menerima dokumen", "Pemohon"),
]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _shapes(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if "shape" in (e.get("class") or "").split()]


def test_one_lane_per_actor_in_order_of_first_appearance():
    assert lanes_of(STEPS) == ["Pemohon", "Petugas loket", "Operator", "Kepala Seksi"]
    root = _parse(build_svg(STEPS))
    heads = [e for e in root.iter(f"{{{NS['svg']}}}text") if "lane-head" in (e.get("class") or "")]
    assert ["".join(h.itertext()) for h in heads] == lanes_of(STEPS)


def test_one_shape_per_step_with_the_right_symbols():
    root = _parse(build_svg(STEPS))
    shapes = _shapes(root)
    assert [s.get("data-step") for s in shapes] == [str(n) for n in range(1, 7)]
    kinds = [s.get("class").split()[1] for s in shapes]
    assert kinds == ["terminator", "decision", "process", "process", "process", "terminator"]
    assert shapes[1].tag.endswith("polygon")


def test_connectors_join_consecutive_steps_and_the_no_branch():
    root = _parse(build_svg(STEPS))
    flows = [e for e in root.iter(f"{{{NS['svg']}}}path") if "flow" in (e.get("class") or "")]
    assert len(flows) == len(STEPS) - 1 + 1  # next-step lines plus one "Tidak" branch
    assert sum("no" in f.get("class").split() for f in flows) == 1
    texts = "".join(root.itertext())
    assert "Ya" in texts and "Tidak" in texts


def test_shapes_sit_in_their_actors_lane():
    shapes = _shapes(_parse(build_svg(STEPS)))
    assert [int(s.get("data-lane")) for s in shapes] == [0, 1, 2, 3, 1, 0]
    first, last = shapes[0], shapes[-1]  # both "Pemohon": same column
    assert first.get("x") == last.get("x")


def test_mutu_baku_and_activity_text_is_shown_and_escaped():
    steps = [_step("Cek <script>alert(1)</script> & berkas", "Petugas", output="Surat \"A\"")]
    svg = build_svg(steps, title="SOP <uji>")
    assert "<script>" not in svg
    root = _parse(svg)  # still well-formed XML
    texts = "".join(root.itertext())
    assert "<script>alert(1)</script>" in texts and 'Surat "A"' in texts
    assert root.get("aria-label") == "SOP <uji>"


def test_long_text_wraps_and_grows_the_row():
    short = _parse(build_svg([_step("Singkat", "A")]))
    long = _parse(build_svg([_step("kata " * 80, "A")]))
    assert float(long.get("height")) > float(short.get("height"))
    tspans = [t for t in long.iter(f"{{{NS['svg']}}}tspan") if "kata" in (t.text or "")]
    assert len(tspans) > 5


def test_single_step_and_no_steps():
    one = _parse(build_svg([_step("Satu-satunya", "A")]))
    assert len(_shapes(one)) == 1
    assert len(_shapes(_parse(build_svg([])))) == 0
