// Shared by the network views and the map: label placement without overlaps, hover cards kept
// inside the window, and the PNG/SVG export buttons.
"use strict";
window.cdkgCommon = (function () {
  const FONT = "12px system-ui, sans-serif", LH = 15, PAD = 2;
  const widths = new Map();
  let measureCtx = null;
  function textWidth(text) {
    let w = widths.get(text);
    if (w === undefined) {
      if (!measureCtx) { measureCtx = document.createElement("canvas").getContext("2d"); measureCtx.font = FONT; }
      w = Math.ceil(measureCtx.measureText(text).width); widths.set(text, w);
    }
    return w;
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  // where a label of w x h may go at distance d from a point: eight spots (right, left, above,
  // below, the diagonals), or sixteen directions further out (those get a leader line)
  const RINGS = [0, 14, 30, 50, 75, 105, 140, 180, 230, 290];
  function spotsAround(x, y, d, w, h, wide) {
    if (!wide) return [[x + d, y - h / 2], [x - d - w, y - h / 2], [x - w / 2, y - d - h], [x - w / 2, y + d],
      [x + d * 0.7, y - d * 0.7 - h], [x - d * 0.7 - w, y - d * 0.7 - h], [x + d * 0.7, y + d * 0.7], [x - d * 0.7 - w, y + d * 0.7]];
    const out = [];
    for (let k = 0; k < 16; k++) {
      const a = k * Math.PI / 8, cx = Math.cos(a), cy = Math.sin(a), px = x + d * cx, py = y + d * cy;
      out.push([cx > 0.38 ? px : (cx < -0.38 ? px - w : px - w / 2), cy > 0.38 ? py : (cy < -0.38 ? py - h : py - h / 2)]);
    }
    return out;
  }
  // Greedy placement in rank order: each candidate {id, text, x, y, r, force} (screen pixels)
  // tries eight spots around its node (forced ones, the top N, also further out in sixteen
  // directions, with a leader line); a label is drawn only where its box meets no box already placed.
  function placeLabels(cands, width, height, maxLabels, blocked) {
    const CELL = 64, grid = new Map(), placed = [];
    function cells(b, fn) {
      for (let gx = Math.floor(b.x / CELL); gx <= Math.floor((b.x + b.w) / CELL); gx++)
        for (let gy = Math.floor(b.y / CELL); gy <= Math.floor((b.y + b.h) / CELL); gy++) if (fn(gx + "," + gy) === false) return false;
      return true;
    }
    function free(b) {
      if (b.x < 0 || b.y < 0 || b.x + b.w > width || b.y + b.h > height) return false;
      return cells(b, function (key) {
        const list = grid.get(key); if (!list) return true;
        for (const o of list) if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
        return true;
      });
    }
    function add(b) { cells(b, function (key) { let l = grid.get(key); if (!l) { l = []; grid.set(key, l); } l.push(b); }); placed.push(b); }
    (blocked || []).forEach(function (b) { cells(b, function (key) { let l = grid.get(key); if (!l) { l = []; grid.set(key, l); } l.push(b); }); });
    for (const c of cands) {
      if (placed.length >= maxLabels && !c.force) break;
      const w = textWidth(c.text) + 2 * PAD, h = LH, r = c.r + 2;
      const rings = c.force ? RINGS.map(function (e) { return r + e; }) : [r];
      let done = false;
      for (let j = 0; j < rings.length && !done; j++) {
        const spots = spotsAround(c.x, c.y, rings[j], w, h, j > 0);
        for (const s of spots) {
          const b = { id: c.id, text: c.text, x: s[0], y: s[1], w: w, h: h, ax: c.x, ay: c.y, leader: j > 0 };
          if (free(b)) { add(b); done = true; break; }
        }
      }
    }
    return placed;
  }
  function drawLabels(ctx, placed) {
    ctx.save(); ctx.font = FONT; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
    for (const b of placed) {
      if (b.leader) {
        ctx.strokeStyle = "rgba(60,60,60,.6)"; ctx.lineWidth = 0.8; ctx.beginPath();
        ctx.moveTo(b.ax, b.ay); ctx.lineTo(Math.max(b.x, Math.min(b.ax, b.x + b.w)), Math.max(b.y, Math.min(b.ay, b.y + b.h))); ctx.stroke();
      }
      ctx.strokeStyle = "rgba(255,255,255,.9)"; ctx.lineWidth = 3;
      ctx.strokeText(b.text, b.x + PAD, b.y + b.h / 2); ctx.fillStyle = "#111"; ctx.fillText(b.text, b.x + PAD, b.y + b.h / 2);
    }
    ctx.restore();
  }
  function labelsSVG(placed) {
    let s = '<g font-family="system-ui, sans-serif" font-size="12" fill="#111" stroke-linejoin="round">';
    for (const b of placed) {
      if (b.leader) s += '<line x1="' + b.ax.toFixed(1) + '" y1="' + b.ay.toFixed(1) + '" x2="' + Math.max(b.x, Math.min(b.ax, b.x + b.w)).toFixed(1) +
        '" y2="' + Math.max(b.y, Math.min(b.ay, b.y + b.h)).toFixed(1) + '" stroke="#3c3c3c" stroke-opacity=".6" stroke-width=".8"/>';
      const t = esc(b.text), x = (b.x + PAD).toFixed(1), y = (b.y + b.h / 2).toFixed(1);
      s += '<text x="' + x + '" y="' + y + '" dominant-baseline="middle" stroke="#fff" stroke-width="3" stroke-opacity=".9">' + t + "</text>";
      s += '<text x="' + x + '" y="' + y + '" dominant-baseline="middle">' + t + "</text>";
    }
    return s + "</g>";
  }
  // a card at the pointer, moved left/up where it would leave the window
  function placeCard(card, x, y) {
    card.style.display = "block"; card.style.left = "0px"; card.style.top = "0px";
    const w = card.offsetWidth, h = card.offsetHeight, W = window.innerWidth, H = window.innerHeight;
    let left = x + 14, top = y + 14;
    if (left + w > W - 4) left = Math.max(4, x - 14 - w);
    if (top + h > H - 4) top = Math.max(4, H - 4 - h);
    card.style.left = left + "px"; card.style.top = top + "px";
  }
  function legendLines(el) {
    return Array.from(el.querySelectorAll("h2, div")).map(function (d) {
      const sw = d.querySelector(".sw");
      return { text: d.innerText, color: sw ? sw.style.background : null, head: d.tagName === "H2" };
    });
  }
  function drawLegend(ctx, el, W, H) {
    const lines = legendLines(el);
    ctx.save(); ctx.font = FONT;
    const w = Math.max.apply(null, lines.map(function (l) { return textWidth(l.text) + (l.color ? 18 : 0); })) + 20, h = lines.length * LH + 12;
    ctx.fillStyle = "rgba(255,255,255,.93)"; ctx.strokeStyle = "#ccc"; ctx.fillRect(W - w - 10, H - h - 10, w, h); ctx.strokeRect(W - w - 10, H - h - 10, w, h);
    lines.forEach(function (l, i) {
      let x = W - w; const y = H - h - 10 + 6 + i * LH + LH / 2;
      if (l.color) { ctx.fillStyle = l.color; ctx.beginPath(); ctx.arc(x + 6, y, 6, 0, 2 * Math.PI); ctx.fill(); x += 18; }
      ctx.fillStyle = "#222"; ctx.font = (l.head ? "bold " : "") + FONT; ctx.textBaseline = "middle"; ctx.fillText(l.text, x, y);
    });
    ctx.restore();
  }
  function legendSVG(el, W, H) {
    const lines = legendLines(el);
    const w = Math.max.apply(null, lines.map(function (l) { return textWidth(l.text) + (l.color ? 18 : 0); })) + 20, h = lines.length * LH + 12;
    let s = '<g font-family="system-ui, sans-serif" font-size="12"><rect x="' + (W - w - 10) + '" y="' + (H - h - 10) + '" width="' + w + '" height="' + h +
      '" fill="#fff" fill-opacity=".93" stroke="#ccc"/>';
    lines.forEach(function (l, i) {
      let x = W - w; const y = H - h - 10 + 6 + i * LH + LH / 2;
      if (l.color) { s += '<circle cx="' + (x + 6) + '" cy="' + y + '" r="6" fill="' + l.color + '"/>'; x += 18; }
      s += '<text x="' + x + '" y="' + y + '" dominant-baseline="middle"' + (l.head ? ' font-weight="bold"' : "") + ">" + esc(l.text) + "</text>";
    });
    return s + "</g>";
  }
  // the box of an element (the legend) in the coordinates of another (the drawing), where labels may not go
  function boxIn(el, within) {
    const a = el.getBoundingClientRect(), b = within.getBoundingClientRect();
    return a.width ? [{ x: a.left - b.left - 4, y: a.top - b.top - 4, w: a.width + 8, h: a.height + 8 }] : [];
  }
  function download(name, blob) {
    const a = document.createElement("a"); a.download = name; a.href = URL.createObjectURL(blob);
    document.body.appendChild(a); a.click(); a.remove(); setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }
  // buttons: png() returns a canvas, svg() returns the SVG text
  function exportButtons(bar, name, png, svg) {
    const b1 = document.createElement("button"), b2 = document.createElement("button");
    b1.type = b2.type = "button"; b1.id = "export-png"; b2.id = "export-svg"; b1.textContent = "PNG"; b2.textContent = "SVG";
    b1.title = "save the picture as PNG"; b2.title = "save the picture as SVG (vector)";
    b1.addEventListener("click", function () { png().toBlob(function (blob) { download(name + ".png", blob); }, "image/png"); });
    b2.addEventListener("click", function () { download(name + ".svg", new Blob([svg()], { type: "image/svg+xml" })); });
    bar.appendChild(b1); bar.appendChild(b2);
  }
  return { FONT: FONT, esc: esc, textWidth: textWidth, placeLabels: placeLabels, drawLabels: drawLabels, labelsSVG: labelsSVG,
    placeCard: placeCard, boxIn: boxIn, drawLegend: drawLegend, legendSVG: legendSVG, download: download, exportButtons: exportButtons };
})();
