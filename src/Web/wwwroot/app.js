window.auditExplorer = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    copy: async (text) => { await navigator.clipboard.writeText(text); return true; },
};
