/*
 * The floating "Would love your thoughts, please comment." bubble: shown once
 * the reader is about three quarters through the article, hidden when the
 * comment form is in view, and gone for good once closed (localStorage).
 */
(function () {
  "use strict";

  var root = document.querySelector(".discussion");
  var mainForm = root && root.querySelector("#comment-form");
  if (!root || !mainForm) return;
  var store = {
    get: function (name) { try { return localStorage.getItem(name); } catch (e) { return null; } },
    set: function (name, value) { try { localStorage.setItem(name, value); } catch (e) { /* private mode */ } }
  };
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }

  var bubble = root.querySelector(".comment-bubble");
  var articleBody = document.querySelector(".article__body");
  if (bubble && articleBody && store.get("gazette:bubble") !== "dismissed" && "IntersectionObserver" in window) {
    var formSeen = false;
    var marker = el("span", { "class": "comment-bubble__marker", "aria-hidden": "true" });
    // Shown once the reader is about three quarters through the article.
    var paragraphs = articleBody.children;
    var at = paragraphs[Math.floor(paragraphs.length * 0.75)] || articleBody.lastElementChild;
    if (at) at.insertAdjacentElement("afterend", marker);
    new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !formSeen && store.get("gazette:bubble") !== "dismissed") {
          bubble.hidden = false;
        }
      });
    }).observe(marker);
    new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { formSeen = true; bubble.hidden = true; }
      });
    }).observe(mainForm);
    bubble.querySelector(".comment-bubble__close").addEventListener("click", function () {
      bubble.hidden = true;
      store.set("gazette:bubble", "dismissed");
    });
    bubble.querySelector(".comment-bubble__link").addEventListener("click", function (event) {
      event.preventDefault();
      bubble.hidden = true;
      mainForm.scrollIntoView({ behavior: "smooth", block: "center" });
      mainForm.querySelector("textarea").focus({ preventScroll: true });
    });
  }

})();
