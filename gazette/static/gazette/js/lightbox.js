/*
 * Gazette lightbox: links marked data-lightbox="group" open their full-size
 * image in a modal <dialog>. Without JavaScript they stay plain links to the
 * image file. Arrow keys page through a group, Escape closes, focus returns
 * to the link that opened it.
 */
(function () {
  "use strict";

  var dialog, img, caption, credit, counter, prevBtn, nextBtn, closeBtn;
  var group = [];
  var index = 0;
  var opener = null;


  function button(className, label, symbol) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "lightbox__" + className;
    b.setAttribute("aria-label", label);
    b.textContent = symbol;
    return b;
  }

  function build() {
    var labels = document.getElementById("lightbox-labels");
    var l = labels ? labels.dataset : {};
    dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-labelledby", "lightbox-caption");
    var figure = document.createElement("figure");
    img = document.createElement("img");
    img.className = "lightbox__image";
    caption = document.createElement("figcaption");
    caption.id = "lightbox-caption";
    credit = document.createElement("small");
    credit.className = "lightbox__credit";
    counter = document.createElement("p");
    counter.className = "lightbox__counter";
    counter.setAttribute("aria-live", "polite");
    closeBtn = button("close", l.close || "Close", "×");
    prevBtn = button("prev", l.previous || "Previous photo", "‹");
    nextBtn = button("next", l.next || "Next photo", "›");
    figure.append(img, caption, credit);
    dialog.append(closeBtn, prevBtn, figure, nextBtn, counter);
    document.body.append(dialog);
    dialog.dataset.counterTemplate = l.counter || "Photo {n} of {total}";

    closeBtn.addEventListener("click", function () { dialog.close(); });
    prevBtn.addEventListener("click", function () { show(index - 1); });
    nextBtn.addEventListener("click", function () { show(index + 1); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { show(index + 1); event.preventDefault(); }
      else if (event.key === "ArrowLeft") { show(index - 1); event.preventDefault(); }
      else if (event.key === "Home") { show(0); event.preventDefault(); }
      else if (event.key === "End") { show(group.length - 1); event.preventDefault(); }
    });
    dialog.addEventListener("close", function () {
      img.removeAttribute("src");
      if (opener) opener.focus();
    });
  }

  function show(i) {
    if (!group.length) return;
    index = (i + group.length) % group.length;
    var link = group[index];
    var thumb = link.querySelector("img");
    img.src = link.href;
    img.alt = thumb ? thumb.alt : "";
    caption.textContent = link.dataset.lightboxCaption || "";
    credit.textContent = link.dataset.lightboxCredit || "";
    var several = group.length > 1;
    prevBtn.hidden = !several;
    nextBtn.hidden = !several;
    counter.hidden = !several;
    counter.textContent = dialog.dataset.counterTemplate
      .replace("{n}", String(index + 1))
      .replace("{total}", String(group.length));
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var link = event.target.closest && event.target.closest("a[data-lightbox]");
    if (!link) return;
    if (!dialog) build();
    if (typeof dialog.showModal !== "function") return;  // old browser: follow the link
    event.preventDefault();
    group = Array.prototype.slice.call(
      document.querySelectorAll('a[data-lightbox="' + link.dataset.lightbox + '"]')
    );
    show(group.indexOf(link));
    opener = link;
    dialog.showModal();
    closeBtn.focus();
  });
})();
