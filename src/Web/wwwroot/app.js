// Set once Sign out is submitted: the page is on its way to the provider's end-session and must not be
// sent elsewhere before it gets there (see RedirectToSignIn.razor). A page restored from the back/forward
// cache is a page again.
let signingOut = false;
addEventListener('submit', (e) => { if (e.target instanceof HTMLFormElement && e.target.hasAttribute('data-signout')) signingOut = true; }, true);
addEventListener('pageshow', (e) => { if (e.persisted) signingOut = false; });

window.auditExplorer = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    copy: async (text) => { await navigator.clipboard.writeText(text); return true; },
    sendToSignIn: (url) => { if (!signingOut) location.assign(url); },
};
