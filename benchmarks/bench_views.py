"""Benchmark (run by hand, not by pytest): the views and the map in headless Chromium (Debian's
``chromium`` through Playwright, as tests/browser.py drives it).

    python benchmarks/bench_views.py [--real PATH/cdkg.nq] [--cities 20000]

* the 10,000-node view: the best-tied cities of the seeded synthetic partnership graph (as
  ``benchmarks/run.py`` makes it), drawn by sigma.js (the automatic choice) and by vis-network;
* the whole real-scale network: every city, network and tie of the curated graph plus the ETMUN
  memberships and the Wikidata P190 claims of ``../shared/datasets`` (``--real``: the N-Quads that
  ``cdkg build --include`` wrote, as benchmarks/bench_pipeline.py --real-scale makes them), as
  the multilayer projection; its map (the partnership projection); and the Nordic twinning view
  (partnership, cities of DK, SE, NO, FI, IS).

For each page: the time from asking the browser to open the file in a new tab until it is drawn
and shows the hover card of its top node under the (Playwright) mouse (wall), the first draw on the page's own clock, frames per second while
dragging and turning the wheel with the real mouse (Playwright's), counted from the renderer's
own after-draw events and requestAnimationFrame, and the labels: are the top 20 nodes labelled, and do any two drawn labels overlap
(from the page's geometry). Writes ``benchmarks/results/views.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser  # noqa: E402

from cdkg.analysis import Filters, analyze, project, read_facts  # noqa: E402
from cdkg.views import write_map_view, write_network_view  # noqa: E402

COUNT_JS = """(kind) => {
  window.__renders = 0; window.__rafs = 0; window.__t0 = performance.now();
  const s0 = window.cdkgView && cdkgView.moves !== undefined ? cdkgView.moves + cdkgView.frames : 0;
  if (kind === "sigma") window.__sigmaFrames = () => cdkgView.moves + cdkgView.frames - s0;
  if (kind === "vis") cdkgView.network.on("afterDrawing", () => window.__renders++);
  const m0 = window.cdkgMap ? cdkgMap.state.moves : 0;
  if (kind === "map") window.__mapMoves = () => cdkgMap.state.moves - m0;
  (function loop() { window.__rafs++; requestAnimationFrame(loop); })();
}"""


ANIM_JS = """async (kind) => {
  // pan then zoom in then out, each an animation of 1.5 s driven by the renderer's own
  // requestAnimationFrame loop (the map: one pan or zoom step per animation frame)
  const v = window.cdkgView, m = window.cdkgMap;
  const drawn = () => m ? m.state.moves : (v.moves !== undefined ? v.moves + v.frames : v.__draws);
  if (kind === "vis") { v.__draws = 0; v.network.on("afterDrawing", () => v.__draws++); }
  let rafs = 0, run = true;
  (function loop() { rafs++; if (run) requestAnimationFrame(loop); })();
  const d0 = drawn(), t0 = performance.now();
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  for (const step of [{ pan: 1 }, { zoom: 2 }, { zoom: 0.5 }]) {
    if (kind === "sigma") {
      const c = v.renderer.getCamera(), st = c.getState();
      c.animate(step.pan ? { x: st.x + 0.2, y: st.y + 0.1 } : { ratio: st.ratio / step.zoom }, { duration: 1500 });
      await wait(1550);
    } else if (kind === "vis") {
      const p = v.network.getViewPosition(), s = v.network.getScale();
      v.network.moveTo({ position: step.pan ? { x: p.x + 300 / s, y: p.y + 150 / s } : p, scale: step.pan ? s : s * step.zoom,
                         animation: { duration: 1500, easingFunction: "linear" } });
      await wait(1550);
    } else {
      const t = performance.now(), w = m.view();
      await new Promise((resolve) => {
        (function frame() {
          if (step.pan) m.pan(4, 2); else m.zoom(Math.pow(step.zoom, 1 / 90), w.W / 2, w.H / 2);
          if (performance.now() - t < 1500) requestAnimationFrame(frame); else resolve();
        })();
      });
      await wait(50);
    }
  }
  run = false;
  const s = (performance.now() - t0) / 1000;
  return { fps: (drawn() - d0) / s, raf: rafs / s };
}"""


def fps(page, kind: str) -> dict:
    """Drag across the view and turn the wheel with the real (Playwright) mouse; count the frames
    the renderer drew (its after-draw events; the map's moved frames) and requestAnimationFrame
    callbacks per second, and the input events sent per second."""
    box = page.evaluate("() => { const r = document.getElementById(window.cdkgMap ? 'map' : 'graph').getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; }")
    cx, cy = box
    page.evaluate(COUNT_JS, kind)
    t0 = time.perf_counter()
    events = 0
    for rep in range(2):
        page.mouse.move(cx, cy)
        page.mouse.down()
        for i in range(1, 121):
            page.mouse.move(cx + (i if rep == 0 else -i) * 2.5, cy + (i if rep == 0 else -i) * 1.2)
            events += 1
        page.mouse.up()
    for i in range(40):
        page.mouse.wheel(0, -40 if i < 20 else 40)
        events += 1
        time.sleep(0.01)
    wall = time.perf_counter() - t0
    got = page.evaluate("() => ({renders: window.__mapMoves ? window.__mapMoves() : (window.__sigmaFrames ? window.__sigmaFrames() : window.__renders), rafs: window.__rafs, s: (performance.now() - window.__t0) / 1000})")
    return {"fps": got["renders"] / got["s"], "raf": got["rafs"] / got["s"], "events_per_s": events / wall}


POINT_AT_TOP_NODE = {
    # where the top node is on the page (its hover card is the interaction timed)
    "sigma": """() => { const r = cdkgView.renderer, b = document.getElementById('graph').getBoundingClientRect();
        const p = r.framedGraphToViewport(r.getNodeDisplayData(String(cdkgView.data.rank[0]))); return [p.x + b.left, p.y + b.top]; }""",
    "vis": """() => { const n = cdkgView.network, id = cdkgView.data.rank[0], b = document.getElementById('graph').getBoundingClientRect();
        const p = n.canvasToDOM(n.getPositions([id])[id]); return [p.x + b.left, p.y + b.top]; }""",
    "map": "() => cdkgMap.screenOf(0)",
}


def measure(b: Browser, path: Path, kind: str) -> dict:
    wait = "window.cdkgMap" if kind == "map" else "window.cdkgView && window.cdkgView.drawn"
    t0 = time.perf_counter()
    page = b.open(path, wait, timeout_ms=120_000)
    x, y = page.page.evaluate(POINT_AT_TOP_NODE[kind])
    page.page.mouse.move(x, y)
    page.page.wait_for_function("document.getElementById('card').style.display === 'block'", timeout=30_000)
    wall = time.perf_counter() - t0
    clock = page.page.evaluate("() => (window.cdkgMap || window.cdkgView).drawnAt") / 1000
    labels = page.page.evaluate("""() => window.cdkgMap ? {labels: cdkgMap.state.labels, top: cdkgMap.top}
        : {labels: cdkgView.labels, top: cdkgView.data.rank.slice(0, 20)}""")
    if kind == "map":
        page.page.evaluate("() => cdkgMap.render()")  # the labels of the view as opened
        labels["labels"] = page.page.evaluate("() => cdkgMap.state.labels")
        page.page.evaluate("() => { const t = performance.now(); cdkgMap.render(); return performance.now() - t; }")
        full = page.page.evaluate("() => { const t = performance.now(); cdkgMap.render(); return performance.now() - t; }")
    boxes = labels["labels"]
    overlap = sum(1 for i, a in enumerate(boxes) for c in boxes[i + 1:]
                  if a["x"] < c["x"] + c["w"] and c["x"] < a["x"] + a["w"] and a["y"] < c["y"] + c["h"] and c["y"] < a["y"] + a["h"])
    anim = page.page.evaluate(ANIM_JS, kind)
    rate = fps(page.page, kind)
    out = {"wall_s": round(wall, 2), "first_draw_s": round(clock, 2), "fps": round(rate["fps"], 1), "raf_per_s": round(rate["raf"], 1),
           "input_events_per_s": round(rate["events_per_s"], 1), "animated_fps": round(anim["fps"], 1), "animated_raf_per_s": round(anim["raf"], 1),
           "labels": len(boxes), "top20_labelled": set(labels["top"]) <= {x["id"] for x in boxes}, "overlapping_pairs": overlap,
           "bytes": path.stat().st_size, "console_errors": page.console_errors, "blocked": page.blocked}
    if kind == "map":
        out["full_redraw_ms"] = round(full, 1)
    page.page.close()
    return out


def synthetic_view(cities: int):
    import synthetic

    from cdkg.analysis import extract

    facts = extract(synthetic.store(cities))
    p = project(facts, "partnership")
    top = sorted(p.degree, key=lambda x: -x[1])[:10_000]
    return p.subgraph([u for u, _ in top]).copy()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--real", type=Path, help="cdkg.nq of the real-scale build (curated + ETMUN + P190)")
    ap.add_argument("--cities", type=int, default=20_000)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp, Browser() as b:
        tmp = Path(tmp)
        pages = []
        g = synthetic_view(args.cities)
        for renderer in ("sigma", "vis"):
            t = time.perf_counter()
            path = write_network_view(g, tmp / f"10k-{renderer}.html", size_by="degree", renderer=renderer)
            pages.append((f"10,000-node view ({renderer})", f"{len(g):,} nodes, {g.number_of_edges():,} edges", path, renderer,
                          time.perf_counter() - t))
        if args.real:
            facts = read_facts([args.real], lenient=True)
            whole = project(facts, "multilayer")
            t = time.perf_counter()
            path = write_network_view(whole, tmp / "real.html", size_by="degree")
            pages.append(("whole real-scale network (multilayer)", f"{len(whole):,} nodes, {whole.number_of_edges():,} edges",
                          path, "sigma", time.perf_counter() - t))
            part = project(facts, "partnership")
            t = time.perf_counter()
            path = write_map_view(part, tmp / "real-map.html", size_by="degree")
            pages.append(("real-scale map (partnership)", f"{len(part):,} nodes, {part.number_of_edges():,} edges", path, "map",
                          time.perf_counter() - t))
            nordic = project(facts, "partnership", Filters(country=["DK", "SE", "NO", "FI", "IS"]))
            t = time.perf_counter()
            path = write_network_view(nordic, tmp / "nordic.html", size_by="degree",
                                      values=analyze(nordic, ["degree"]).values)
            pages.append(("Nordic twinning view", f"{len(nordic):,} nodes, {nordic.number_of_edges():,} edges", path, "vis",
                          time.perf_counter() - t))
        for name, size, path, kind, write_s in pages:
            m = measure(b, path, kind)
            m.update(view=name, size=size, write_s=round(write_s, 2))
            rows.append(m)
            print(json.dumps(m), file=sys.stderr, flush=True)
    out = ROOT / "benchmarks" / "results" / "views.json"
    out.write_text(json.dumps(rows, indent=1) + "\n")
    print("| view | size | page MB | write (s) | open to drawn and interactive, wall (s) | first draw, page clock (s) | "
          "animated pan/zoom (fps) | mouse drag/wheel (fps; input events/s) | labels | top 20 labelled | overlapping labels |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        print(f"| {r['view']} | {r['size']} | {r['bytes'] / 1e6:.1f} | {r['write_s']} | {r['wall_s']} | {r['first_draw_s']} | "
              f"{r['animated_fps']} | {r['fps']}; {r['input_events_per_s']} | {r['labels']} | {'yes' if r['top20_labelled'] else 'no'} | {r['overlapping_pairs']} |")


if __name__ == "__main__":
    main()
