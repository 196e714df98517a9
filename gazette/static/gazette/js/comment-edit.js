/*
 * Gazette comments: editing and deleting the comments this browser posted,
 * within the edit window, without a page reload. Uses what comments.js shares.
 */
(function () {
  "use strict";

  var G = window.GazetteComments;
  if (!G) return;
  var root = G.root, API = G.API, L = G.L, request = G.request, el = G.el;
  var editTokens = G.editTokens, rememberToken = G.rememberToken, showErrors = G.showErrors;
  var renderComment = G.renderComment, setCount = G.setCount, announce = G.announce;

  // ---- edit and delete (comments this browser posted) ----------------------
  function startEdit(item) {
    var id = item.dataset.id, mine = editTokens()[id];
    if (!mine || item.querySelector(".edit-form")) return;
    var body = item.querySelector(".comment__body");
    var textarea = el("textarea", { name: "text", rows: "4", id: "edit-" + id, "aria-label": L.lEditComment });
    textarea.value = mine.text;
    var save = el("button", { type: "submit", text: L.lSave });
    var cancel = el("button", { type: "button", "class": "link-button", text: L.lCancel });
    var form = el("form", { "class": "comment-form edit-form", id: "edit-form-" + id }, [
      el("div", { "class": "field" }, [textarea]),
      el("div", { "class": "form-actions" }, [save, cancel])
    ]);
    body.hidden = true;
    body.insertAdjacentElement("afterend", form);
    textarea.focus();
    function finish() { form.remove(); body.hidden = false; item.querySelector(".comment__edit").focus(); }
    cancel.addEventListener("click", finish);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var confirmed = form.querySelector('[name="confirmed"]');
      var change = { text: textarea.value, confirmed: Boolean(confirmed && confirmed.checked) };
      request("PATCH", API + "/comments/" + id, change, { "X-Edit-Token": mine.token })
        .then(function (c) {
          body.innerHTML = c.html;  // sanitized by the server
          rememberToken(id, mine.token, textarea.value);
          if (!item.querySelector(".comment__edited")) {
            item.querySelector(".comment__header").appendChild(
              el("span", { "class": "comment__edited", text: "(" + L.lEdited + ")" }));
          }
          finish();
        })
        .catch(function (error) { showErrors(form, error); });
    });
  }

  function remove(item) {
    var id = item.dataset.id, mine = editTokens()[id];
    if (!mine || !window.confirm(L.lConfirmDelete)) return;
    request("DELETE", API + "/comments/" + id, undefined, { "X-Edit-Token": mine.token })
      .then(function () {
        var next = item.nextElementSibling;
        var hasReplies = next && Number(next.dataset.depth) > Number(item.dataset.depth);
        if (hasReplies) {
          item.replaceWith(renderComment({ id: Number(id), deleted: true, depth: Number(item.dataset.depth),
            created_at: item.querySelector("time").getAttribute("datetime"), permalink: "/comments/" + id + "/" }));
        } else {
          item.remove();
        }
        setCount(Math.max(0, Number(root.querySelector(".discussion__title").dataset.count || 1) - 1));
      })
      .catch(function (error) { announce(error.message); });
  }

  root.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) return;
    if (target.dataset.edit) startEdit(target.closest(".comment"));
    else if (target.dataset.delete) remove(target.closest(".comment"));
  });
})();
