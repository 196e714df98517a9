/*
 * Live updates over Server-Sent Events (/api/v1/threads/<key>/events and
 * /api/v1/drives/<slug>/events). New comments wait behind a "N new comments —
 * show" button, so nothing moves under the reader; vote totals, edits and
 * removals apply in place; goal bars follow the drive's totals. EventSource
 * reconnects by itself and sends Last-Event-ID, so nothing is missed; the
 * first connection asks for what happened since the page was rendered
 * (data-since on this script), and nothing older.
 */
(function () {
  "use strict";
  if (!("EventSource" in window) || window.GazetteLive) return;
  var sources = [];
  // close(): stop listening (tests call it before waiting for a quiet network).
  window.GazetteLive = {
    close: function () { sources.forEach(function (s) { s.close(); }); }
  };
  var API = "/api/v1";
  var script = document.currentScript;
  var SINCE = (script && script.dataset.since) || "";
  var POLL_MS = 15000, RETRY_MS = 60000;

  function open(path) {
    var source = new EventSource(API + path + (SINCE ? "?since=" + encodeURIComponent(SINCE) : ""));
    sources.push(source);
    return source;
  }

  function on(source, kind, handler) {
    source.addEventListener(kind, function (message) {
      try { handler(JSON.parse(message.data).data); } catch (e) { /* a malformed event */ }
    });
  }

  // ---- the comment thread --------------------------------------------------
  function followThread(C) {
    var root = C.root, L = C.L, list = root.querySelector(".comment-list");
    if (!list || !root.dataset.thread) return;
    var waiting = {};
    var button = C.el("button", { type: "button", "class": "new-comments", hidden: "" });
    list.parentNode.insertBefore(button, list);

    function shown(id) {
      var item = document.getElementById("comment-" + id);
      return item && !item.dataset.removed ? item : null;
    }
    function waitingIds() {
      // The reader's own comment appears when its post returns: not "new".
      Object.keys(waiting).forEach(function (id) {
        if (shown(id)) delete waiting[id];
      });
      return Object.keys(waiting);
    }
    function label() {
      var n = waitingIds().length;
      var rule = new Intl.PluralRules(document.documentElement.lang || undefined).select(n);
      button.textContent = (rule === "one" ? L.lNewOne : L.lNewOther).replace("{n}", n);
      button.hidden = n === 0;
    }
    function find(comments, id) {
      for (var i = 0; i < comments.length; i++) {
        if (String(comments[i].id) === id) return comments[i];
        var found = find(comments[i].replies || [], id);
        if (found) return found;
      }
      return null;
    }
    function after(parent) {
      var depth = Number(parent.dataset.depth), node = parent;
      while (node.nextElementSibling && Number(node.nextElementSibling.dataset.depth) > depth) {
        node = node.nextElementSibling;
      }
      return node;
    }
    function place(item, c) {
      var parent = c.parent_id && document.getElementById("comment-" + c.parent_id);
      if (parent) after(parent).after(item);
      else if (root.dataset.sort === "newest") list.prepend(item);
      else list.appendChild(item);
    }
    function show() {
      var url = API + "/threads/" + encodeURIComponent(root.dataset.thread) + "/comments?sort=newest&limit=1000";
      C.request("GET", url).then(function (data) {
        var first = null;
        waitingIds().forEach(function (id) {
          var c = find(data.comments, id);
          delete waiting[id];
          if (!c || shown(id)) return;
          var item = C.renderComment(c), removed = document.getElementById("comment-" + id);
          if (removed) removed.replaceWith(item);
          else place(item, c);
          first = first || item;
        });
        C.setCount(data.count);
        label();
        var empty = root.querySelector(".discussion__empty");
        if (empty && list.children.length) empty.remove();
        if (first) {
          first.setAttribute("tabindex", "-1");
          first.focus();
        }
        if (window.GazetteInline) window.GazetteInline.refresh();  // new marks and counts
      }).catch(function (error) { C.announce(error.message); });
    }
    button.addEventListener("click", show);
    // The reader's own comment can arrive as an event before its post returns;
    // once comments.js has placed it, it no longer counts as new.
    root.addEventListener("gazette:posted", function () { window.setTimeout(label, 0); });

    // Without a stream (the server answers 503 while Redis is away), poll
    // the thread for comments newer than any shown, and try the stream again.
    var baseline = 0, polling = null;
    root.querySelectorAll("[id^='comment-']").forEach(function (node) {
      var id = Number(node.id.slice(8));
      if (id > baseline) baseline = id;
    });
    function poll() {
      var url = API + "/threads/" + encodeURIComponent(root.dataset.thread) + "/comments?sort=newest&limit=50";
      C.request("GET", url).then(function (data) {
        (function walk(comments) {
          comments.forEach(function (c) {
            if (c.id > baseline && !document.getElementById("comment-" + c.id)) waiting[String(c.id)] = true;
            walk(c.replies || []);
          });
        })(data.comments);
        label();
      }).catch(function () { /* again at the next tick */ });
    }
    function follow() {
      var source = open("/threads/" + encodeURIComponent(root.dataset.thread) + "/events");
      source.addEventListener("open", function () {
        if (polling) window.clearInterval(polling);
        polling = null;
      });
      source.addEventListener("error", function () {
        if (source.readyState !== EventSource.CLOSED) return;  // it reconnects itself
        if (!polling) {
          polling = window.setInterval(poll, POLL_MS);
          poll();
        }
        window.setTimeout(follow, RETRY_MS);
      });
      on(source, "comment.new", function (d) {
        // Shown already (our own, or on the page) unless it was removed while
        // the reader watched: reinstated, it comes back in place as new.
        if (shown(d.id)) return;
        waiting[String(d.id)] = true;
        label();
      });
      on(source, "votes", function (d) {
        var score = document.querySelector("#comment-" + d.id + " .vote__score");
        if (score) score.textContent = String(d.score);
      });
      on(source, "comment.edited", function (d) {
        var body = document.querySelector("#comment-" + d.id + " .comment__body");
        if (body) body.innerHTML = d.html;  // sanitized by the server (nh3)
      });
      on(source, "comment.removed", function (d) {
        delete waiting[String(d.id)];
        label();
        var item = document.getElementById("comment-" + d.id);
        var body = item && item.querySelector(".comment__body");
        if (body) {
          item.dataset.removed = "live";
          item.classList.add("comment--deleted");
          body.textContent = L.lDeleted;
        }
      });
    }
    follow();
  }

  // ---- donation drives -----------------------------------------------------
  function followDrive(slug, bars) {
    var source = open("/drives/" + encodeURIComponent(slug) + "/events");
    on(source, "drive.totals", function (d) {
      var lang = (document.documentElement.lang || "en").split("-")[0];
      var shown = d.shown[lang] || d.shown.en;
      bars.forEach(function (bar) {
        var set = function (selector, text) {
          var node = bar.querySelector(selector);
          if (node) node.textContent = text;
        };
        set(".goal-bar__raised", shown.raised);
        set(".goal-bar__percent", shown.percent);
        set(".goal-bar__donors", shown.donors_text);
        var track = bar.querySelector("[role=progressbar]");
        if (track) {
          track.setAttribute("aria-valuenow", d.value_now);
          track.setAttribute("aria-valuetext", shown.value_text);
        }
        var fill = bar.querySelector(".goal-bar__fill");
        if (fill) fill.setAttribute("width", d.width);
      });
    });
  }

  if (window.GazetteComments) followThread(window.GazetteComments);
  var drives = {};
  document.querySelectorAll(".goal-bar[data-drive]").forEach(function (bar) {
    (drives[bar.dataset.drive] = drives[bar.dataset.drive] || []).push(bar);
  });
  Object.keys(drives).forEach(function (slug) { followDrive(slug, drives[slug]); });
})();
