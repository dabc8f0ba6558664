/* The web edition of a deckpress kit (docs/web.md): the gallery's
 * filters, the draw mode and the board's zoom. Plain JavaScript, no
 * library, nothing loaded from anywhere. */
"use strict";

(function () {
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all;
    });
  }

  /* ---- the gallery: filters ---- */
  var cards = Array.prototype.slice.call(document.querySelectorAll("#cards .card"));
  var category = document.getElementById("f-category");
  var level = document.getElementById("f-level");
  var count = document.getElementById("count");

  function shown() {
    return cards.filter(function (c) { return !c.hidden; });
  }

  function applyFilters() {
    var cat = category ? category.value : "";
    var lvl = level ? level.value : "";
    cards.forEach(function (c) {
      c.hidden = (cat !== "" && c.dataset.category !== cat) ||
                 (lvl !== "" && c.dataset.level !== lvl);
    });
    if (count)
      count.textContent = fill(count.dataset.template, {shown: shown().length, total: cards.length});
  }
  if (category) category.addEventListener("change", applyFilters);
  if (level) level.addEventListener("change", applyFilters);

  /* ---- the draw mode: the cards the filters show, shuffled ---- */
  var draw = document.getElementById("draw");
  var opener = document.getElementById("draw-open");
  var img = document.getElementById("draw-img");
  var text = document.getElementById("draw-text");
  var left = document.getElementById("draw-left");
  var pile = [], current = null, back = false;

  function shuffle() {
    pile = shown().slice();
    for (var i = pile.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = pile[i]; pile[i] = pile[j]; pile[j] = t;
    }
    current = null;
    img.removeAttribute("src");
    img.alt = "";
    text.textContent = "";
    showLeft();
  }

  function showLeft() {
    left.textContent = fill(left.dataset.template, {left: pile.length});
  }

  function show() {
    var face = current.querySelector("img");
    img.src = back ? face.dataset.back : face.getAttribute("src");
    img.alt = back ? "" : face.alt;
    text.textContent = back ? "" : current.querySelector(".text").textContent;
    draw.dataset.face = back ? "back" : "front";
  }

  function next() {
    if (!pile.length) shuffle();
    if (!pile.length) return;
    current = pile.pop();
    back = false;
    show();
    showLeft();
  }

  function flip() {
    if (!current) return;
    back = !back;
    show();
  }

  function open() {
    draw.hidden = false;
    shuffle();
    next();
    document.getElementById("draw-next").focus();
  }

  function close() {
    if (document.fullscreenElement) document.exitFullscreen();
    draw.hidden = true;
    opener.focus();
  }

  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (draw.requestFullscreen) draw.requestFullscreen().catch(function () {});
  }

  if (draw) {
    opener.addEventListener("click", open);
    document.getElementById("draw-next").addEventListener("click", next);
    document.getElementById("draw-flip").addEventListener("click", flip);
    document.getElementById("draw-shuffle").addEventListener("click", function () { shuffle(); next(); });
    document.getElementById("draw-full").addEventListener("click", fullscreen);
    document.getElementById("draw-close").addEventListener("click", close);
    draw.addEventListener("keydown", function (e) {
      var onButton = e.target.tagName === "BUTTON";
      if (e.key === "Escape") close();
      else if ((e.key === " " || e.key === "Enter") && !onButton) next();
      else if (e.key === "f" || e.key === "F") flip();
      else if (e.key === "s" || e.key === "S") { shuffle(); next(); }
      else return;
      e.preventDefault();
    });
  }

  /* ---- a board: zoom ---- */
  var zoom = document.getElementById("zoom");
  if (zoom) {
    var board = document.getElementById("board-img"), scale = 1;
    var set = function (s) {
      scale = Math.min(8, Math.max(1, s));
      board.style.width = (scale * 100) + "%";
    };
    document.getElementById("zoom-in").addEventListener("click", function () { set(scale * 1.5); });
    document.getElementById("zoom-out").addEventListener("click", function () { set(scale / 1.5); });
    zoom.addEventListener("keydown", function (e) {
      if (e.key === "+" || e.key === "=") set(scale * 1.5);
      else if (e.key === "-") set(scale / 1.5);
      else return;
      e.preventDefault();
    });
  }
})();
