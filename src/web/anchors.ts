/**
 * The fragments pages are addressed by, shared by the features that link into another's page (a commitment
 * pointing at its paragraph on the document page) without importing that feature.
 */

/** The id of a paragraph's anchor on the document page: para-12, para-12b, para-II-3. */
export const anchorOf = (n: string) => `para-${n.replace(/[().]/g, (c) => (c === '.' ? '-' : ''))}`;
