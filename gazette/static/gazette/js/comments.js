/*
 * Gazette comments: the server-rendered section works without this script
 * (every action is a form post). This adds posting, replying, voting, editing,
 * sorting and "View all comments" without page reloads (bubble.js invites
 * readers to comment; embed-frame.js sizes the widget inside other sites).
 * It talks to the JSON API at /api/v1/ and keeps edit tokens in localStorage.
 */
(function () {
  "use strict";

  var root = document.querySelector(".discussion");
  if (!root) return;
  var API = "/api/v1";
  var key = root.dataset.thread;
  var L = root.dataset;  // translated labels: data-l-*
  var list = root.querySelector(".comment-list");
  var mainForm = root.querySelector("#comment-form");
  var announcer = root.querySelector("[data-announce]");

  // ---- storage -----------------------------------------------------------
  // Local storage, or memory where the browser denies it (a third party's
  // frame when cookies are blocked): what matters then rides the frame's
  // partitioned cookie (gazette/readers/frame.py).
  var memory = {};
  var store = {
    lasting: (function () { try { return !!window.localStorage; } catch (e) { return false; } })(),
    get: function (name) {
      try { return localStorage.getItem(name); } catch (e) { return memory[name] || null; }
    },
    set: function (name, value) {
      try { localStorage.setItem(name, value); } catch (e) { memory[name] = value; }
    },
    remove: function (name) {
      try { localStorage.removeItem(name); } catch (e) { delete memory[name]; }
    }
  };
  // Inside another site's page the browser may keep cookies from this frame:
  // it holds its session and its comments' ids itself (gazette.readers.frame).
  var embedded = document.documentElement.classList.contains("embedded");
  function editTokens() {
    var all = {};
    try { all = JSON.parse(store.get("gazette:edit") || "{}"); } catch (e) { all = {}; }
    var now = Date.now(), live = {};
    Object.keys(all).forEach(function (id) { if (all[id].until > now) live[id] = all[id]; });
    return live;
  }
  function rememberToken(id, token, text) {
    var all = editTokens();
    var windowMs = Number(root.dataset.editWindow || 900) * 1000;
    all[id] = { token: token, text: text, until: Date.now() + windowMs };
    store.set("gazette:edit", JSON.stringify(all));
  }
  function myVotes() {
    try { return JSON.parse(store.get("gazette:votes") || "{}"); } catch (e) { return {}; }
  }
  function rememberVote(id, value) {
    var votes = myVotes();
    if (value) votes[id] = value; else delete votes[id];
    store.set("gazette:votes", JSON.stringify(votes));
  }

  // ---- HTTP --------------------------------------------------------------
  // Personal requests (writes, and "mine") carry what the frame holds;
  // thread reads stay the same for everyone, and cached.
  function request(method, url, body, extraHeaders, personal) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    var reader = store.get("gazette:reader");
    if (reader) headers["X-Gazette-Reader"] = reader;
    if (method !== "GET" || personal) {
      var mine = store.get("gazette:mine");
      if (mine) headers["X-Gazette-Mine"] = mine;
      if (embedded) headers["X-Gazette-Session"] = store.get("gazette:session") || "new";
    }
    Object.keys(extraHeaders || {}).forEach(function (h) { headers[h] = extraHeaders[h]; });
    return fetch(url, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      var held = response.headers.get("X-Gazette-Session");
      if (held) store.set("gazette:session", held);
      else if (held === "") store.remove("gazette:session");
      if (response.status === 204) return null;
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var error = new Error(data.detail || L.lError);
          error.status = response.status;
          error.data = data;
          throw error;
        }
        return data;
      });
    });
  }
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }
  function threadUrl(params) {
    return API + "/threads/" + encodeURIComponent(key) + "/comments?" + new URLSearchParams(params);
  }

  function announce(message) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message; }, 50);
  }

  // ---- rendering ---------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  function formatDate(iso) {
    var lang = document.documentElement.lang || undefined;
    try {
      return new Date(iso).toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
    } catch (e) { return iso; }
  }
  function indentOf(depth) { return Math.min(depth, 6); }

  function voteForm(c, mine) {
    var up = el("button", {
      type: "submit", name: "value", value: mine === 1 ? "0" : "1", "class": "vote__up",
      "aria-pressed": String(mine === 1), "aria-label": L.lVoteUp, text: "▲"
    });
    var down = el("button", {
      type: "submit", name: "value", value: mine === -1 ? "0" : "-1", "class": "vote__down",
      "aria-pressed": String(mine === -1), "aria-label": L.lVoteDown, text: "▼"
    });
    var score = el("span", { "class": "vote__score", "aria-label": L.lScore, text: String(c.score) });
    return el("form", { "class": "vote", method: "post", action: "/comments/" + c.id + "/vote/" },
      [up, score, down]);
  }

  function renderComment(c) {
    var header = el("header", { "class": "comment__header" });
    var body = el("div", { "class": "comment__body" });
    var article = el("article", { "aria-labelledby": "comment-" + c.id + "-author" }, [header, body]);
    // An editors' pick stands by itself in its tab, not indented as a reply.
    var depth = root.dataset.sort === "featured" ? 0 : c.depth;
    var item = el("li", {
      "class": "comment" + (c.deleted ? " comment--deleted" : ""),
      id: "comment-" + c.id, "data-id": String(c.id), "data-depth": String(indentOf(depth)),
      style: "--indent: " + indentOf(depth)
    }, [article]);
    if (c.deleted) {
      header.appendChild(el("span", { "class": "avatar avatar--empty", "aria-hidden": "true" }));
      header.appendChild(el("span", { "class": "comment__author", id: "comment-" + c.id + "-author", text: L.lDeleted }));
      body.appendChild(el("p", { text: L.lDeleted }));
    } else {
      header.appendChild(el("span", {
        "class": "avatar", style: "--hue: " + c.author.avatar.hue, "aria-hidden": "true",
        text: c.author.avatar.initials
      }));
      header.appendChild(el("span", { "class": "comment__author", id: "comment-" + c.id + "-author", text: c.author.name }));
      if (c.author.badge === "supporter") header.appendChild(el("span", { "class": "comment__badge", text: L.lSupporter }));
      if (c.featured) header.appendChild(el("span", { "class": "comment__badge comment__badge--pick", text: L.lPick }));
      body.innerHTML = c.html;  // sanitized by the server (nh3)
    }
    if (c.passage && !c.deleted) article.insertBefore(passageLine(c.passage), body);
    if (c.reply_to) {
      header.appendChild(el("span", { "class": "comment__reply-to", text: L.lInReplyTo.replace("{name}", c.reply_to) }));
    }
    header.appendChild(el("a", { "class": "comment__permalink", href: c.permalink }, [
      el("time", { datetime: c.created_at, text: formatDate(c.created_at) })
    ]));
    if (c.edited_at && !c.deleted) {
      header.appendChild(el("span", { "class": "comment__edited", text: "(" + L.lEdited + ")" }));
    }
    if (c.pending) {
      item.classList.add("comment--awaiting");
      header.appendChild(el("span", { "class": "comment__status", text: L.lAwaiting }));
    } else if (!c.deleted) {
      var base = "/comments/" + c.id + "/";
      article.appendChild(el("footer", { "class": "comment__actions" }, [
        voteForm(c, myVotes()[c.id] || 0),
        el("a", { "class": "comment__reply", href: base + "reply/", "data-reply": String(c.id), text: L.lReply }),
        el("a", { "class": "comment__quote", href: base + "reply/?quote=1", "data-quote": String(c.id), text: L.lQuote }),
        el("a", { "class": "comment__report", href: base + "report/", rel: "nofollow", text: L.lReport })
      ]));
    }
    return item;
  }

  function passageLine(p) {
    var line = el("p", { "class": "comment__passage" });
    line.appendChild(p.question
      ? el("span", { "class": "comment__question", text: L.lAnswering.replace("{question}", p.question) })
      : document.createTextNode(L.lOn));
    line.appendChild(document.createTextNode(" "));
    var quote = el("q", { text: p.quote });
    if (p.block === null) {
      line.appendChild(el("span", { "class": "comment__earlier", text: L.lEarlier }));
      line.appendChild(document.createTextNode(" "));
      line.appendChild(quote);
    } else {
      line.appendChild(el("a", { href: "#block-" + p.block, "data-passage": p.block + ":" + p.start + ":" + p.end }, [quote]));
    }
    return line;
  }

  function flatten(comments, out) {
    comments.forEach(function (c) { out.push(c); flatten(c.replies || [], out); });
    return out;
  }

  function addOwnerControls(item) {
    var id = item.dataset.id;
    var mine = editTokens()[id];
    var actions = item.querySelector(".comment__actions");
    if (!mine || !actions || actions.querySelector(".comment__edit")) return;
    actions.appendChild(el("button", { type: "button", "class": "link-button comment__edit", "data-edit": id, text: L.lEdit }));
    actions.appendChild(el("button", { type: "button", "class": "link-button comment__delete", "data-delete": id, text: L.lDelete }));
  }

  function setCount(n) {
    var heading = root.querySelector(".discussion__title");
    if (!heading) return;
    heading.dataset.count = String(n);
    var rule = new Intl.PluralRules(document.documentElement.lang || undefined).select(n);
    heading.textContent = (rule === "one" ? L.lCountOne : L.lCountOther).replace("{n}", n);
  }

  function replaceList(comments) {
    list.textContent = "";
    appendComments(comments);
  }
  function appendComments(comments) {
    flatten(comments, []).forEach(function (c) {
      if (document.getElementById("comment-" + c.id)) return;
      var item = renderComment(c);
      list.appendChild(item);
      addOwnerControls(item);
    });
    var empty = root.querySelector(".discussion__empty");
    if (empty && list.children.length) empty.remove();
  }

  // ---- forms: post and reply ----------------------------------------------
  function clearErrors(form) {
    form.querySelectorAll(".field-error, .form-message").forEach(function (n) { n.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (n) {
      n.removeAttribute("aria-invalid");
      n.removeAttribute("aria-describedby");
    });
  }
  function offerPostAnyway(form) {
    if (form.querySelector('[name="confirmed"]')) return;
    var id = form.id + "-confirmed";
    form.querySelector(".form-actions").insertAdjacentElement("beforebegin", el("div", { "class": "field field--check" }, [
      el("input", { type: "checkbox", id: id, name: "confirmed", value: "1" }),
      el("label", { "for": id, text: L.lPostAnyway })
    ]));
  }
  function showErrors(form, error) {
    clearErrors(form);
    if (error.data && error.data.code === "reconsider") offerPostAnyway(form);
    var data = error.data || {};
    var message = error.status === 429 ? error.message : (data.detail || L.lError);
    form.insertBefore(el("p", { "class": "form-message", role: "alert", text: message }), form.firstChild.nextSibling);
    var errors = data.errors || {};
    Object.keys(errors).forEach(function (field) {
      var input = form.querySelector('[name="' + field + '"]');
      if (!input) return;
      var note = el("p", { "class": "field-error", id: input.id + "-error", text: errors[field] });
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", note.id);
      input.insertAdjacentElement("afterend", note);
    });
    var first = form.querySelector("[aria-invalid]");
    if (first) first.focus();
  }

  function lastDescendant(item) {
    var depth = Number(item.dataset.depth), node = item;
    while (node.nextElementSibling && Number(node.nextElementSibling.dataset.depth) > depth) {
      node = node.nextElementSibling;
    }
    return node;
  }

  function submitComment(form) {
    var data = new FormData(form);
    var payload = {
      text: data.get("text") || "",
      author_name: data.get("author_name") || "",
      author_email: data.get("author_email") || "",
      website: data.get("website") || "",
      rendered: data.get("rendered") || "",
      confirmed: data.get("confirmed") === "1"
    };
    if (data.get("parent_id")) payload.parent_id = Number(data.get("parent_id"));
    if (data.get("notify")) payload.notify = data.get("notify");  // "none" opts out
    if (data.get("anchor")) payload.anchor = JSON.parse(data.get("anchor"));  // inline.js
    if (data.get("question_id")) payload.question_id = Number(data.get("question_id"));
    var page = document.querySelector("main[data-page-url]");
    if (page) {
      payload.thread_url = page.dataset.pageUrl || "";
      payload.thread_title = page.dataset.pageTitle || "";
    }
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    // One key per comment: a retry after a lost answer finds the comment the
    // first try made instead of posting it twice. New text, new key.
    if (form.dataset.postedText !== payload.text) {
      form.dataset.postedText = payload.text;
      form.dataset.idempotencyKey = newKey();
    }
    request("POST", API + "/threads/" + encodeURIComponent(key) + "/comments", payload,
      { "Idempotency-Key": form.dataset.idempotencyKey })
      .then(function (result) {
        clearErrors(form);
        delete form.dataset.postedText;
        var c = result.comment;
        rememberToken(c.id, result.edit_token, payload.text);
        if (result.reader_token) store.set("gazette:reader", result.reader_token);
        if (result.mine_token) store.set("gazette:mine", result.mine_token);
        c.pending = result.pending;
        var item = renderComment(c);
        var confirm = form.querySelector('[name="confirmed"]');
        if (confirm) confirm.closest(".field").remove();
        root.dispatchEvent(new CustomEvent("gazette:posted", { detail: { form: form, comment: c } }));
        if (c.pending) {
          awaitingList().appendChild(item);
          if (payload.parent_id) closeReply(form);
          form.querySelector("textarea").value = "";
          announce(L.lHeld);
          return;
        }
        if (payload.parent_id) {
          var parent = document.getElementById("comment-" + payload.parent_id);
          lastDescendant(parent).insertAdjacentElement("afterend", item);
          closeReply(form);
        } else if (root.dataset.sort === "newest") {
          list.insertBefore(item, list.firstChild);
        } else {
          list.appendChild(item);
        }
        addOwnerControls(item);
        var empty = root.querySelector(".discussion__empty");
        if (empty) empty.remove();
        form.querySelector("textarea").value = "";
        setCount(Number(root.querySelector(".discussion__title").dataset.count || 0) + 1);
        if (root.contains(form)) {  // not from a panel beside the article (inline.js)
          item.setAttribute("tabindex", "-1");
          item.focus();
        }
        announce(L.lPosted);
      })
      .catch(function (error) { showErrors(form, error); })
      .then(function () { button.disabled = false; });
  }

  function awaitingList() {
    var found = root.querySelector(".comment-list--awaiting");
    if (found) return found;
    var section = el("section", { "class": "awaiting", "aria-label": L.lAwaiting }, [
      el("ol", { "class": "comment-list comment-list--awaiting" })
    ]);
    list.insertAdjacentElement("beforebegin", section);
    return section.firstChild;
  }

  function closeReply(form) {
    var opener = form.previousElementSibling;
    form.remove();
    var link = opener && opener.querySelector && opener.querySelector(".comment__reply");
    if (link) link.focus();
  }

  function openReply(item, quoteText) {
    var existing = item.querySelector(".comment-form");
    if (existing) { existing.querySelector("textarea").focus(); return; }
    var id = item.dataset.id;
    var form = mainForm.cloneNode(true);
    clearErrors(form);
    form.id = "reply-form-" + id;
    form.querySelectorAll("[id]").forEach(function (node) {
      node.id = node.id.replace("comment-form", form.id);
    });
    form.querySelectorAll("label[for]").forEach(function (label) {
      label.htmlFor = label.htmlFor.replace("comment-form", form.id);
    });
    form.appendChild(el("input", { type: "hidden", name: "parent_id", value: id }));
    form.querySelector("label[for$='-text']").textContent = L.lYourReply;
    form.querySelector('button[type="submit"]').textContent = L.lPostReply;
    var cancel = el("button", { type: "button", "class": "link-button form-cancel", text: L.lCancel });
    cancel.addEventListener("click", function () { closeReply(form); });
    form.querySelector(".form-actions").appendChild(cancel);
    var textarea = form.querySelector("textarea");
    textarea.value = quoteText || "";
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); closeReply(form); }
    });
    item.querySelector(".comment__actions").insertAdjacentElement("afterend", form);
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
  }

  function quoteOf(item) {
    var name = item.querySelector(".comment__author").textContent.trim();
    var text = item.querySelector(".comment__body").innerText.trim();
    var lines = text.split("\n").map(function (line) { return line ? "> " + line : ">"; });
    return "> **" + name + "** " + L.lWrote + "\n>\n" + lines.join("\n") + "\n\n";
  }

  // ---- votes ---------------------------------------------------------------
  function showVote(form, mine) {
    var up = form.querySelector(".vote__up"), down = form.querySelector(".vote__down");
    up.setAttribute("aria-pressed", String(mine === 1));
    down.setAttribute("aria-pressed", String(mine === -1));
    up.value = mine === 1 ? "0" : "1";
    down.value = mine === -1 ? "0" : "-1";
  }
  function vote(form, value) {
    var item = form.closest(".comment");
    request("POST", API + "/comments/" + item.dataset.id + "/votes", { value: value })
      .then(function (result) {
        if (result.reader_token) store.set("gazette:reader", result.reader_token);
        rememberVote(result.id, result.my_vote);
        form.querySelector(".vote__score").textContent = String(result.score);
        showVote(form, result.my_vote);
      })
      .catch(function (error) { announce(error.message); });
  }

  // ---- sorting and loading ---------------------------------------------------
  function loadAll(sort) {
    var collected = [];
    function page(cursor) {
      var params = { sort: sort || root.dataset.sort, limit: 1000 };
      if (cursor) params.cursor = cursor;
      return request("GET", threadUrl(params)).then(function (data) {
        collected = collected.concat(data.comments);
        return data.next_cursor ? page(data.next_cursor) : collected;
      });
    }
    return page(null);
  }

  function sortBy(sort, link) {
    document.cookie = "gazette_sort=" + sort + "; path=/; max-age=31536000; samesite=lax";
    root.dataset.sort = sort;
    root.querySelectorAll(".sort-tabs a").forEach(function (a) {
      if (a === link) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
    });
    var viewAll = root.querySelector(".view-all");
    var size = Number(root.dataset.pageSize || 20);
    request("GET", threadUrl({ sort: sort, limit: size })).then(function (data) {
      replaceList(data.comments);
      if (viewAll) {
        if (data.next_cursor) viewAll.hidden = false; else viewAll.hidden = true;
      }
    }).catch(function (error) { announce(error.message); });
  }

  function showInline(link) {
    root.querySelectorAll(".sort-tabs a").forEach(function (a) {
      if (a === link) a.setAttribute("aria-current", "true"); else a.removeAttribute("aria-current");
    });
    request("GET", threadUrl({ sort: root.dataset.sort, filter: "inline", limit: 1000 })).then(function (data) {
      replaceList(data.comments);
      var viewAllBlock = root.querySelector(".view-all");
      if (viewAllBlock) viewAllBlock.hidden = true;
      if (!data.comments.length) list.appendChild(el("li", { "class": "discussion__empty", text: L.lNoInline }));
    }).catch(function (error) { announce(error.message); });
  }

  function viewAll(link) {
    link.textContent = L.lLoading;
    loadAll().then(function (comments) {
      replaceList(comments);
      link.closest(".view-all").hidden = true;
    }).catch(function (error) { announce(error.message); });
  }

  // ---- events ----------------------------------------------------------------
  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("vote")) {
      event.preventDefault();
      var button = event.submitter || form.querySelector("button");
      vote(form, Number(button.value));
    } else if (form.classList.contains("comment-form") && !form.classList.contains("edit-form")) {
      event.preventDefault();
      submitComment(form);
    }
  });

  root.addEventListener("click", function (event) {
    var target = event.target.closest("a, button");
    if (!target) return;
    var item = target.closest(".comment");
    if (target.dataset.reply) {
      event.preventDefault();
      openReply(item, "");
    } else if (target.dataset.quote) {
      event.preventDefault();
      openReply(item, quoteOf(item));
    } else if (target.dataset.sort && target.closest(".sort-tabs")) {
      event.preventDefault();
      sortBy(target.dataset.sort, target);
    } else if (target.dataset.filter === "inline") {
      event.preventDefault();
      showInline(target);
    } else if (target.classList.contains("view-all__link")) {
      event.preventDefault();
      viewAll(target);
    }
  });

  list.querySelectorAll(".comment").forEach(addOwnerControls);

  // What comment-edit.js (editing and deleting) shares with this file.
  window.GazetteComments = {
    root: root, API: API, L: L, key: key, store: store, request: request, el: el,
    editTokens: editTokens, rememberToken: rememberToken, showErrors: showErrors,
    clearErrors: clearErrors, renderComment: renderComment, awaitingList: awaitingList,
    showVote: showVote, setCount: setCount, announce: announce,
    submitComment: submitComment, showInline: showInline
  };

  // A permalink to a comment that is not on the first page: load them all.
  var wanted = /^#comment-(\d+)$/.exec(location.hash);
  if (wanted && !document.getElementById("comment-" + wanted[1])) {
    loadAll().then(function (comments) {
      replaceList(comments);
      var viewAllBlock = root.querySelector(".view-all");
      if (viewAllBlock) viewAllBlock.hidden = true;
      var target = document.getElementById("comment-" + wanted[1]);
      if (target) {
        target.setAttribute("tabindex", "-1");
        target.scrollIntoView();
        target.focus();
        location.hash = "";
        location.hash = "#comment-" + wanted[1];
      }
    });
  }

})();
