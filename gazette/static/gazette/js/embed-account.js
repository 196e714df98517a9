/*
 * Inside an embed: the reader's own part of the thread, and signing in, where
 * the browser may keep no cookie for this frame (see gazette/readers/frame.py:
 * comments.js sends the session the frame holds, and keeps what comes back).
 *
 * - Asks GET …/mine once, when this browser holds anything of the reader's
 *   (a session, a guest id, its comments' ids), or keeps nothing it can see
 *   (no local storage: the partitioned cookie may hold them): votes, held
 *   comments, name.
 * - Signs in by a mailed code, inside the frame.
 * - Signs in with the embedding site's token: embed.js hands it over after
 *   this frame says it is ready; no token (an empty one) signs out.
 */
(function () {
  "use strict";

  var G = window.GazetteComments;
  var bar = document.querySelector("[data-embed-account]");
  if (!G || !bar) return;
  var L = bar.dataset;
  var signedIn = bar.querySelector("[data-signed-in]");
  var signedOut = bar.querySelector("[data-signed-out]");
  var opener = bar.querySelector("[data-open-sign-in]");
  var panel = bar.querySelector("#embed-sign-in");
  var emailForm = bar.querySelector("[data-sign-in-email]");
  var codeForm = bar.querySelector("[data-sign-in-code]");
  var nameForm = bar.querySelector("[data-choose-name]");
  var status = bar.querySelector("[data-account-status]");
  var email = "";
  bar.hidden = false;

  // One account request at a time: a sign-in changes the session key, and an
  // answer that was on its way with the old one must not overwrite it.
  var queue = Promise.resolve();
  function inTurn(step) {
    queue = queue.then(step, step);
    return queue;
  }
  function say(text) { status.textContent = text; }
  function call(method, path, body, personal) {
    return G.request(method, G.API + path, body, {}, personal);
  }

  function guestFields(show) {
    // An account's comments carry its name: the guest's name and address go.
    G.root.querySelectorAll(".comment-form .field-row").forEach(function (row) {
      row.hidden = !show;
      row.querySelectorAll("input").forEach(function (input) { input.disabled = !show; });
    });
  }

  function showReader(signed, name) {
    signedIn.hidden = !signed;
    signedOut.hidden = signed;
    signedIn.querySelector("[data-name]").textContent = name || "";
    nameForm.hidden = !(signed && !name);
    guestFields(!signed);
  }

  function apply(mine) {
    Object.keys(mine.votes).forEach(function (id) {
      var form = G.root.querySelector("#comment-" + id + " .vote");
      if (form) G.showVote(form, mine.votes[id]);
    });
    mine.awaiting.forEach(function (c) {
      if (document.getElementById("comment-" + c.id)) return;
      c.pending = true;
      G.awaitingList().appendChild(G.renderComment(c));
    });
    showReader(mine.signed_in, mine.name);
  }

  function refresh() {
    return call("GET", "/threads/" + encodeURIComponent(G.key) + "/mine", undefined, true)
      .then(apply);
  }

  function signOut() {
    return call("POST", "/readers/sign-out").then(function () {
      showReader(false, "");
      say(L.lSignedOut);
    });
  }

  function failed(form) {
    return function (error) { G.showErrors(form, error); };
  }

  opener.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    opener.setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) emailForm.querySelector("input").focus();
  });

  emailForm.addEventListener("submit", function (event) {
    event.preventDefault();
    email = emailForm.elements.email.value.trim();
    inTurn(function () {
      return call("POST", "/readers/sign-in", { email: email }).then(function () {
        G.clearErrors(emailForm);
        codeForm.hidden = false;
        say(L.lSent);
        codeForm.querySelector("input").focus();
      }).catch(failed(emailForm));
    });
  });

  codeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = codeForm.elements.code.value.trim();
    inTurn(function () {
      return call("POST", "/readers/sign-in/code", { email: email, code: code })
        .then(function () {
          G.clearErrors(codeForm);
          codeForm.reset();
          codeForm.hidden = true;
          panel.hidden = true;
          opener.setAttribute("aria-expanded", "false");
          return refresh();
        }).catch(failed(codeForm));
    });
  });

  nameForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var name = nameForm.elements.name.value;
    inTurn(function () {
      return call("PATCH", "/readers/me", { name: name }).then(function (me) {
        G.clearErrors(nameForm);
        showReader(true, me.name);
        say(L.lNameSaved);
      }).catch(failed(nameForm));
    });
  });

  signedIn.querySelector("[data-sign-out]").addEventListener("click", function () {
    inTurn(function () { return signOut().catch(function (error) { say(error.message); }); });
  });

  // The embedding site's token, from embed.js on the page around this frame.
  window.addEventListener("message", function (event) {
    var data = event.data || {};
    if (event.source !== window.parent || data.type !== "gazette:sso") return;
    inTurn(function () {
      if (!data.token) return signedIn.hidden ? null : signOut();
      return call("POST", "/readers/sso", { token: String(data.token) })
        .then(refresh)
        .catch(function (error) { say(error.message); });
    });
  });

  var store = G.store;
  if (!store.lasting || store.get("gazette:session") || store.get("gazette:reader") || store.get("gazette:mine")) {
    inTurn(function () { return refresh().catch(function () { /* the page still works */ }); });
  }
  if (window.parent !== window) window.parent.postMessage({ type: "gazette:ready" }, "*");
})();
