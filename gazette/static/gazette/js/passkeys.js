/*
 * Passkeys (WebAuthn): "Sign in with a passkey" on the sign-in page, "Add a
 * passkey" on the account page. The server's options arrive as JSON with
 * base64url for the binary fields, and the browser's answers go back so
 * (gazette/readers/passkeys.py). Without WebAuthn the buttons stay hidden.
 */
(function () {
  "use strict";

  if (!window.PublicKeyCredential || !navigator.credentials) return;

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var raw = atob(base64), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.buffer;
  }
  function toText(buffer) {
    var bytes = new Uint8Array(buffer), raw = "";
    for (var i = 0; i < bytes.length; i++) raw += String.fromCharCode(bytes[i]);
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function withIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: toBytes(c.id) }); });
  }
  function creation(options) {
    var key = Object.assign({}, options.publicKey);
    key.challenge = toBytes(key.challenge);
    key.user = Object.assign({}, key.user, { id: toBytes(key.user.id) });
    key.excludeCredentials = withIds(key.excludeCredentials);
    return { publicKey: key };
  }
  function request(options) {
    var key = Object.assign({}, options.publicKey);
    key.challenge = toBytes(key.challenge);
    key.allowCredentials = withIds(key.allowCredentials);
    return { publicKey: key };
  }
  function answer(credential) {
    var r = credential.response, json = {
      id: credential.id, rawId: toText(credential.rawId), type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment, response: {
        clientDataJSON: toText(r.clientDataJSON)
      }
    };
    if (r.attestationObject) {
      json.response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) json.response.transports = r.getTransports();
    } else {
      json.response.authenticatorData = toText(r.authenticatorData);
      json.response.signature = toText(r.signature);
      json.response.userHandle = r.userHandle ? toText(r.userHandle) : null;
    }
    return json;
  }
  function post(path, body) {
    return fetch("/api/v1/readers/" + path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) throw new Error(data.detail || response.statusText);
        return data;
      });
    });
  }
  function failed(status, fallback) {
    return function (error) {
      // The reader closed the device's prompt: nothing to say but try again.
      status.textContent = error && error.name === "NotAllowedError" ? fallback : error.message;
    };
  }

  var signIn = document.querySelector("[data-passkey-sign-in]");
  if (signIn) {
    signIn.hidden = false;
    var signInStatus = signIn.querySelector("[data-passkey-status]");
    signIn.querySelector("button").addEventListener("click", function () {
      signInStatus.textContent = "";
      post("sign-in/passkey/options")
        .then(function (options) { return navigator.credentials.get(request(options)); })
        .then(function (credential) { return post("sign-in/passkey", { credential: answer(credential) }); })
        .then(function () { location.assign(signIn.dataset.next || "/account/"); })
        .catch(failed(signInStatus, signIn.dataset.lCancelled));
    });
  }

  var add = document.querySelector("[data-passkey-add]");
  if (add) {
    add.hidden = false;
    var addStatus = add.querySelector("[data-passkey-status]");
    add.addEventListener("submit", function (event) {
      event.preventDefault();
      addStatus.textContent = "";
      var name = add.elements.name.value;
      post("passkeys/options")
        .then(function (options) { return navigator.credentials.create(creation(options)); })
        .then(function (credential) { return post("passkeys", { name: name, credential: answer(credential) }); })
        .then(function () { location.assign(location.pathname + "?passkey=added"); })
        .catch(failed(addStatus, add.dataset.lCancelled));
    });
  }
})();
