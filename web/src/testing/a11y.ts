/**
 * Accessibility audit for the browser tests: runs axe-core (WCAG 2.1 A and AA rules) in the page
 * and fails with a readable list of what is wrong and where.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface A11yViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The WCAG A/AA violations on the page as it is now (optionally only inside `include`). */
export async function auditAccessibility(
  page: Page,
  options: { include?: string } = {},
): Promise<A11yViolation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  // Evaluated by the browser's debugging protocol rather than added as a <script>: the app's
  // Content-Security-Policy refuses inline script, as it should.
  if (!loaded) await page.evaluate(axeSource);
  return page.evaluate(async (include) => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global script
    const axe = (window as any).axe;
    const result = await axe.run(include ? { include: [include] } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return (
      result.violations as {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[]
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, options.include);
}

/** Throws when the page has any WCAG A/AA violation, listing rule, impact and elements. */
export async function expectAccessible(page: Page, where: string, options: { include?: string } = {}) {
  const violations = await auditAccessibility(page, options);
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) => `- ${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    ${v.targets.slice(0, 5).join('\n    ')}`,
  );
  throw new Error(`${where}: ${violations.length} accessibility violation(s)\n${lines.join('\n')}`);
}

/** What has the focus now, and whether it draws a visible focus indicator (outline or box-shadow). */
export async function focusedElement(
  page: Page,
): Promise<{ tag: string; text: string; label: string | null; indicator: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body)
      return { tag: 'body', text: '', label: null, indicator: null };
    const style = getComputedStyle(el);
    const outline =
      style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0
        ? `outline ${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`
        : null;
    const shadow = style.boxShadow !== 'none' ? `box-shadow ${style.boxShadow}` : null;
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? '').trim().slice(0, 80),
      label: el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? null,
      indicator: outline ?? shadow,
    };
  });
}

/** Throws unless the focused element shows a focus indicator (an outline or a box-shadow ring). */
export async function expectFocusVisible(page: Page, where: string): Promise<void> {
  const focused = await focusedElement(page);
  if (focused.tag === 'body') throw new Error(`${where}: nothing has the focus`);
  if (!focused.indicator)
    throw new Error(
      `${where}: the focused ${focused.tag} "${focused.label ?? focused.text}" shows no focus indicator`,
    );
}
