/* Proof of work for the public forms that carry data-pow-bits: complaints, surveys, comments and
   messages to executives (see complaints/pow.py).
   Finds a counter so that SHA-256("<challenge>:<counter>") starts with N zero bits, in small
   chunks so the page stays responsive; starts at page load, so it is usually done before the
   citizen has finished writing. The number of bits is the challenge's own (it rises with load). */
(function () {
  "use strict";
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  // SHA-256 of an ASCII string; returns the first 32-bit word (all the work check needs) and the rest.
  function sha256(ascii) {
    var bytes = [], i;
    for (i = 0; i < ascii.length; i++) { bytes.push(ascii.charCodeAt(i) & 0xff); }
    var bitLen = bytes.length * 8;
    bytes.push(0x80);
    while (bytes.length % 64 !== 56) { bytes.push(0); }
    for (i = 7; i >= 0; i--) { bytes.push(i >= 4 ? 0 : (bitLen >>> (i * 8)) & 0xff); }
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Array(64);
    for (var off = 0; off < bytes.length; off += 64) {
      for (i = 0; i < 16; i++) {
        w[i] = (bytes[off + 4 * i] << 24) | (bytes[off + 4 * i + 1] << 16) | (bytes[off + 4 * i + 2] << 8) | bytes[off + 4 * i + 3];
      }
      for (i = 16; i < 64; i++) {
        var s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
        var s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
        w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
      for (i = 0; i < 64; i++) {
        var S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        var ch = (e & f) ^ (~e & g);
        var t1 = (hh + S1 + ch + K[i] + w[i]) | 0;
        var S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + hh) | 0;
    }
    return h;
  }

  function leadingZeroBits(h) {
    var total = 0;
    for (var i = 0; i < h.length; i++) {
      var word = h[i] >>> 0;
      if (word === 0) { total += 32; continue; }
      return total + Math.clz32(word);
    }
    return total;
  }

  function start() {
    var form = document.querySelector("form[data-pow-bits]");
    if (!form) { return; }
    var challenge = form.querySelector("[name=pow_challenge]");
    var counterField = form.querySelector("[name=pow_counter]");
    var status = document.getElementById("pow-status");
    var bits = parseInt(form.getAttribute("data-pow-bits"), 10) || 16;
    var done = false, waiting = false, counter = 0;

    function step() {
      var value = challenge.value;
      for (var n = 0; n < 4000; n++, counter++) {
        if (leadingZeroBits(sha256(value + ":" + counter)) >= bits) {
          counterField.value = String(counter);
          done = true;
          if (status) { status.textContent = ""; }
          if (waiting) { form.submit(); }
          return;
        }
      }
      setTimeout(step, 0);
    }
    form.addEventListener("submit", function (event) {
      if (!done) {
        event.preventDefault();
        waiting = true;
        if (status) { status.textContent = status.getAttribute("data-wait") || "…"; }
      }
    });
    setTimeout(step, 0);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
