// The "fetching…" page of article intake: ask every second and a half whether the fetch is done, then open
// what it became (the review page, or this page with the reason it failed). Without JS the page reloads
// itself (a <noscript> refresh). A fetch that is overdue reloads the page once, to show why.
const box = document.querySelector("[data-fetch-status-url]");
if (box) {
  const ask = async () => {
    try {
      const response = await fetch(box.dataset.fetchStatusUrl, { headers: { Accept: "application/json" }, cache: "no-store" });
      if (response.ok) {
        const data = await response.json();
        if (data.status !== "pending") {
          window.location.replace(data.next);
          return;
        }
        if (data.overdue && !("overdue" in box.dataset)) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // the server is restarting, or the network dropped: ask again
    }
    window.setTimeout(ask, 1500);
  };
  window.setTimeout(ask, 1000);
}
