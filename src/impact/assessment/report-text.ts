/** The English sentences the PDF report writes of each result (the HTML report writes them in the reader's language). */
import type { NamedResult } from './service.js';

export const LENS_EN: Record<string, string> = {
  'policy-impact': 'Policy impact',
  'sustainable-structures': 'Sustainable structures',
  'partnership-models': 'Partnership models',
};

/** Results grouped by lens: general first, then the three lenses in their order. */
export function lensQuestions(results: readonly NamedResult[]): { lens: string | null; results: NamedResult[] }[] {
  const order = [null, 'policy-impact', 'sustainable-structures', 'partnership-models'];
  return order
    .map((lens) => ({ lens, results: results.filter((r) => r.question.lens === lens) }))
    .filter((g) => g.results.length > 0);
}

export function resultLines(r: NamedResult): string[] {
  const per = r.question.addressed === 'mechanism' ? 'mechanisms' : 'States';
  const lines = [`Answered by ${r.answered} of ${r.asked} ${per}.`];
  if (r.distribution.length) lines.push(r.distribution.map((d) => `${d.value}: ${d.count}`).join('; '));
  if (r.stats) lines.push(`min ${r.stats.min}, median ${r.stats.median}, mean ${r.stats.mean}, max ${r.stats.max}`);
  for (const t of r.texts) lines.push(`${t.recipient.name}: ${t.value}`);
  return lines;
}
