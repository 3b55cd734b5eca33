/** Layout checks for the browser tests (tablet width and narrower). */
import type { Page } from 'playwright-core';

/**
 * Throws when the document scrolls sideways (something is wider than the window), naming the
 * outermost elements that stick out. A table scrolling inside its own box is fine.
 */
export async function expectNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth <= width) return null;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')].filter(
      (el) => el.getBoundingClientRect().right > width + 1,
    );
    const outermost = wide.filter((el) => !wide.some((other) => other !== el && other.contains(el)));
    return {
      scrollWidth: root.scrollWidth,
      width,
      elements: outermost
        .slice(0, 5)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`,
        ),
    };
  });
  if (found)
    throw new Error(
      `${where}: the page scrolls sideways (${found.scrollWidth} px wide in a ${found.width} px window): ${found.elements.join(', ')}`,
    );
}

/** The box of the first element matching `selector`, in page coordinates. */
export async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not shown`);
  return box;
}
