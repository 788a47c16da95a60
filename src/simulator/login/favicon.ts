// The simulator's tab icon, so its pages ask for nothing that is not there.
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="14" fill="#e8c66a"/>
<text x="32" y="43" fill="#1d2433" font-family="system-ui, sans-serif" font-size="30" font-weight="700" text-anchor="middle">iD</text>
</svg>
`;
