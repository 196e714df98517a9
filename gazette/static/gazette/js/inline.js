/*
 * Inline feedback on an article. Marks the passages readers commented on, or
 * that the newsroom asked a question about, with a count button after each;
 * the button (or a click on the words) opens a panel under the paragraph to
 * read the comments and add one in place. Selecting words in a paragraph
 * offers "Comment on this passage", which attaches the passage to the comment
 * form. Feedback on passages an editor has since removed is listed after the
 * article. Positions count characters of the paragraph's text, the same text
 * the server reads (publishing.selectors.passage_texts). Needs comments.js.
 */
(function () {
  "use strict";

  var C = window.GazetteComments;
  var body = document.querySelector(".article__body");
  if (!C || !body) return;
  var L = C.L, el = C.el, root = C.root;
  var mainForm = root.querySelector("#comment-form");
  var CONTEXT = 32, MAX_QUOTE = 1000;
  var passages = {};  // id -> passage from the API
  var earlierBox = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }
  function plural(n, one, other) {
    var rule = new Intl.PluralRules(document.documentElement.lang || undefined).select(n);
    return rule === "one" ? one : other;
  }

  // ---- text positions ------------------------------------------------------
  function textNodes(block) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(".passage-count") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [], node;
    while ((node = walker.nextNode())) nodes.push(node);
    return nodes;
  }
  function blockText(block) {
    return textNodes(block).map(function (node) { return node.data; }).join("");
  }
  function offsetOf(block, container, offset) {
    var point = document.createRange();
    point.setStart(container, offset);
    var total = 0, nodes = textNodes(block);
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i] === container) return total + offset;
      if (point.comparePoint(nodes[i], 0) >= 0) return total;
      total += nodes[i].data.length;
    }
    return total;
  }
  function blockOf(node) {
    var element = node && (node.nodeType === 1 ? node : node.parentElement);
    var block = element && element.closest("[data-block-id]");
    return block && body.contains(block) ? block : null;
  }
  function blockById(id) {
    return body.querySelector('[data-block-id="' + CSS.escape(id) + '"]');
  }

  // ---- marks -----------------------------------------------------------------
  function wrap(block, start, end, id) {
    var position = 0, pieces = [];
    textNodes(block).forEach(function (node) {
      var from = position, to = position + node.data.length;
      position = to;
      if (to <= start || from >= end || !node.data.length) return;
      var target = node;
      var cut = Math.min(end, to) - from;
      if (cut < target.data.length) target.splitText(cut);
      if (start > from) target = target.splitText(start - from);
      var mark = el("mark", { "class": "passage", "data-passage": id });
      target.parentNode.insertBefore(mark, target);
      mark.appendChild(target);
      pieces.push(mark);
    });
    return pieces;
  }
  function clearMarks() {
    body.querySelectorAll(".passage-count").forEach(function (node) { node.remove(); });
    body.querySelectorAll("mark.passage").forEach(function (mark) {
      var parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      mark.remove();
      parent.normalize();
    });
  }
  function countLabel(p) {
    if (p.question) {
      return fill(plural(p.count, L.lQuestionOne, L.lQuestionOther), { n: p.count, quote: p.quote });
    }
    return fill(plural(p.count, L.lPassageOne, L.lPassageOther), { n: p.count, quote: p.quote });
  }
  function mark(p) {
    var block = blockById(p.block);
    if (!block || blockText(block).slice(p.start, p.end) !== p.quote) return;
    var pieces = wrap(block, p.start, p.end, p.id);
    if (!pieces.length) return;
    pieces[0].id = "passage-" + p.id.replace(/:/g, "-");
    if (p.question) pieces.forEach(function (piece) { piece.classList.add("passage--question"); });
    var button = el("button", {
      type: "button", "class": "passage-count" + (p.question ? " passage-count--question" : ""),
      "data-passage": p.id, "aria-expanded": "false", "aria-label": countLabel(p),
      text: p.question ? "?" + (p.count ? " " + p.count : "") : String(p.count)
    });
    pieces[pieces.length - 1].insertAdjacentElement("afterend", button);
  }

  // ---- the panel under a paragraph -----------------------------------------------
  function compactComment(c) {
    return el("li", { "class": "passage-panel__comment" }, [
      el("p", { "class": "passage-panel__meta" }, [
        el("span", { "class": "comment__author", text: c.author ? c.author.name : L.lDeleted }),
        el("a", { href: c.permalink, "class": "comment__permalink", text: new Date(c.created_at).toLocaleDateString(document.documentElement.lang || undefined) })
      ]),
      (function () { var div = el("div", { "class": "comment__body" }); div.innerHTML = c.html; return div; })()
    ]);
  }
  function commentList(p) {
    var list = el("ol", { "class": "passage-panel__comments" });
    p.comments.forEach(function (c) { list.appendChild(compactComment(c)); });
    return list;
  }
  function panelForm(p) {
    if (!mainForm) return null;
    if (p.question && !p.question.open) return el("p", { "class": "passage-panel__closed", text: L.lClosedQuestion });
    var form = mainForm.cloneNode(true);
    form.id = "passage-form";
    form.querySelectorAll(".field-error, .form-message, .form-passage").forEach(function (n) { n.remove(); });
    form.querySelectorAll("[id]").forEach(function (node) { node.id = node.id.replace("comment-form", form.id); });
    form.querySelectorAll("label[for]").forEach(function (label) { label.htmlFor = label.htmlFor.replace("comment-form", form.id); });
    form.querySelector("textarea").value = "";
    form.querySelector("label[for$='-text']").textContent = p.question ? L.lYourAnswer : L.lYourPassageComment;
    form.querySelector('button[type="submit"]').textContent = p.question ? L.lPostAnswer : L.lPostComment;
    form.appendChild(p.question
      ? el("input", { type: "hidden", name: "question_id", value: String(p.question.id) })
      : el("input", { type: "hidden", name: "anchor", value: JSON.stringify(anchorOf(p)) }));
    form.addEventListener("submit", function (event) { event.preventDefault(); C.submitComment(form); });
    return form;
  }
  function anchorOf(p) {
    var text = blockText(blockById(p.block));
    return selectors(p.block, text, p.start, p.end);
  }
  function closePanel() {
    var open = document.getElementById("passage-panel");
    if (!open) return null;
    var button = body.querySelector('.passage-count[aria-expanded="true"]');
    if (button) button.setAttribute("aria-expanded", "false");
    open.remove();
    return button;
  }
  function openPanel(id, focus) {
    var p = passages[id];
    var button = body.querySelector('.passage-count[data-passage="' + CSS.escape(id) + '"]');
    closePanel();
    if (!p || !button) return;
    var panel = el("aside", { "class": "passage-panel", id: "passage-panel", "aria-label": L.lFeedback, tabindex: "-1" }, [
      el("blockquote", { "class": "passage-panel__quote" }, [el("q", { text: p.quote })]),
      p.question ? el("p", { "class": "passage-panel__question" }, [
        el("strong", { text: L.lQuestion + " " }), document.createTextNode(p.question.text)
      ]) : null,
      p.comments.length ? commentList(p) : null,
      p.count > p.comments.length ? el("p", {}, [el("a", { href: "#comments", "data-inline-filter": "1", text: fill(L.lSeeAll, { n: p.count }) })]) : null,
      panelForm(p)
    ]);
    var close = el("button", { type: "button", "class": "passage-panel__close", "aria-label": L.lClose, text: "×" });
    close.addEventListener("click", function () { var b = closePanel(); if (b) b.focus(); });
    panel.insertBefore(close, panel.firstChild);
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); var b = closePanel(); if (b) b.focus(); }
    });
    button.setAttribute("aria-expanded", "true");
    button.setAttribute("aria-controls", "passage-panel");
    button.closest("[data-block-id]").insertAdjacentElement("afterend", panel);
    if (focus) panel.focus();
  }

  // ---- feedback on earlier versions ------------------------------------------------
  function showEarlier(earlier) {
    if (earlierBox) earlierBox.remove();
    earlierBox = null;
    if (!earlier.length) return;
    var list = el("ul", { "class": "passages-earlier__list" });
    earlier.forEach(function (p) {
      list.appendChild(el("li", {}, [
        el("blockquote", { "class": "passage-panel__quote" }, [el("q", { text: p.quote })]),
        p.question ? el("p", { "class": "passage-panel__question" }, [
          el("strong", { text: L.lQuestion + " " }), document.createTextNode(p.question.text)
        ]) : null,
        commentList(p)
      ]));
    });
    earlierBox = el("section", { "class": "passages-earlier", "aria-labelledby": "passages-earlier-title" }, [
      el("h2", { id: "passages-earlier-title", text: L.lEarlierTitle }), list
    ]);
    body.insertAdjacentElement("afterend", earlierBox);
  }

  function refresh(reopen) {
    return C.request("GET", C.API + "/threads/" + encodeURIComponent(root.dataset.thread) + "/passages")
      .then(function (data) {
        var openId = reopen || (function () {
          var b = body.querySelector('.passage-count[aria-expanded="true"]');
          return b && b.dataset.passage;
        })();
        closePanel();
        clearMarks();
        passages = {};
        data.passages.slice().sort(function (a, b) { return (b.end - b.start) - (a.end - a.start); })
          .forEach(function (p) { passages[p.id] = p; mark(p); });
        showEarlier(data.earlier);
        if (openId) openPanel(openId, false);
      })
      .catch(function (error) { C.announce(error.message); });
  }

  // ---- selecting a passage -------------------------------------------------------
  function selectors(block, text, start, end) {
    return {
      block: block,
      selector: [
        { type: "TextQuoteSelector", exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - CONTEXT), start), suffix: text.slice(end, end + CONTEXT) },
        { type: "TextPositionSelector", start: start, end: end }
      ]
    };
  }
  function selected() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return null;
    var range = selection.getRangeAt(0);
    var block = blockOf(range.startContainer);
    if (!block || block !== blockOf(range.endContainer)) return null;
    var text = blockText(block);
    var start = offsetOf(block, range.startContainer, range.startOffset);
    var end = offsetOf(block, range.endContainer, range.endOffset);
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end - start < 2 || end - start > MAX_QUOTE) return null;
    return { block: block, anchor: selectors(block.dataset.blockId, text, start, end), range: range };
  }

  var offer = el("button", { type: "button", "class": "passage-select", hidden: "", text: L.lCommentPassage });
  var offered = null;
  function hideOffer() { offer.hidden = true; offered = null; }
  function showOffer() {
    var found = selected();
    if (!found) { if (!offer.contains(document.activeElement)) hideOffer(); return; }
    var isNew = !offered || JSON.stringify(offered.anchor) !== JSON.stringify(found.anchor);
    offered = found;
    found.block.insertAdjacentElement("afterend", offer);
    offer.hidden = false;
    var rect = found.range.getBoundingClientRect();
    var parent = (offer.offsetParent || document.body).getBoundingClientRect();
    offer.style.top = (rect.bottom - parent.top + 6) + "px";
    offer.style.left = Math.max(0, rect.left - parent.left) + "px";
    if (isNew) C.announce(L.lSelected);
  }
  var pending = 0;
  document.addEventListener("selectionchange", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(showOffer, 200);
  });
  offer.addEventListener("click", function () {
    if (!offered || !mainForm) return;
    attach(offered.anchor);
    hideOffer();
  });

  function attach(anchor) {
    detach(mainForm);
    var remove = el("button", { type: "button", "class": "link-button", text: L.lRemovePassage });
    var box = el("div", { "class": "form-passage", role: "group", "aria-label": L.lCommentingOn }, [
      el("p", { "class": "form-passage__quote" }, [
        el("span", { text: L.lCommentingOn + " " }), el("q", { text: anchor.selector[0].exact })
      ]),
      remove,
      el("input", { type: "hidden", name: "anchor", value: JSON.stringify(anchor) })
    ]);
    remove.addEventListener("click", function () { detach(mainForm); mainForm.querySelector("textarea").focus(); });
    mainForm.querySelector(".field").insertAdjacentElement("beforebegin", box);
    var textarea = mainForm.querySelector("textarea");
    textarea.scrollIntoView({ block: "center" });
    textarea.focus();
  }
  function detach(form) {
    var box = form.querySelector(".form-passage");
    if (box) box.remove();
  }

  // ---- events ------------------------------------------------------------------
  body.addEventListener("click", function (event) {
    var target = event.target.closest(".passage-count, mark.passage");
    if (!target || (target.tagName === "MARK" && !window.getSelection().isCollapsed)) return;
    var id = target.dataset.passage;
    var button = body.querySelector('.passage-count[data-passage="' + CSS.escape(id) + '"]');
    if (button && button.getAttribute("aria-expanded") === "true") { closePanel(); return; }
    openPanel(id, target.tagName === "BUTTON");
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("a[data-inline-filter]")) {
      event.preventDefault();
      closePanel();
      C.showInline(root.querySelector('.sort-tabs [data-filter="inline"]'));
      root.scrollIntoView();
      return;
    }
    var link = event.target.closest("a[data-passage]");
    if (!link || !passages[link.dataset.passage]) return;
    event.preventDefault();
    openPanel(link.dataset.passage, true);
    var panel = document.getElementById("passage-panel");
    if (panel) panel.scrollIntoView({ block: "center" });
  });
  root.addEventListener("gazette:posted", function (event) {
    var form = event.detail.form;
    if (!form.querySelector('[name="anchor"], [name="question_id"]')) return;
    var reopen = form.id === "passage-form" ? (body.querySelector('.passage-count[aria-expanded="true"]') || {}).dataset : null;
    detach(form);
    refresh(reopen && reopen.passage);
  });

  refresh();
  window.GazetteInline = { refresh: refresh };
})();
