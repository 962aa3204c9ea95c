// The price calculator answers values it cannot price with 422 and a list of what is wrong;
// htmx 2 does not swap 4xx answers by default, so let this one replace the quote.
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  if (event.detail.xhr.status === 422 && target && target.id === "quote") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
