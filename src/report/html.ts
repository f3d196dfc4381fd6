// The HTML report: one self-contained page for agency leads, to open offline and share.
// No network at all: inline CSS and SVG, no script, no font, and a Content Security Policy
// that forbids anything else. The page is built as a tree and written by fast-xml-parser's
// XMLBuilder, which escapes every text and attribute value. Text from the input (agency
// names, ids, file names, messages) has its control characters shown escaped
// (src/report/printable.ts) as the tree is built, in text and attributes alike.
import type { Reporter } from './types.js';
import { h, builder } from './html/tree.js';
import { longDate } from './html/text.js';
import { summarySection, agencySection, heatMapSection, rulesSection } from './html/sections.js';
import { detailsSection, notLintedSection, internalErrorsSection, tablesSection } from './html/details.js';
import { STYLE } from './html/style.js';

/** Nothing may load: only the inline style sheet, style attributes and data: images. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export const html: Reporter = (result, options) => {
  const s = result.summary;
  const title = `Referral quality report, ${longDate(s.now)}`;
  const page = h(
    'html',
    { lang: 'en' },
    h(
      'head',
      null,
      h('meta', { charset: 'utf-8' }),
      h('meta', { 'http-equiv': 'Content-Security-Policy', content: HTML_CSP }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('meta', { name: 'referrer', content: 'no-referrer' }),
      h('meta', { name: 'generator', content: `${result.tool.name} ${result.tool.version}` }),
      h('title', null, title),
      // An empty icon, so no browser asks the file system or network for favicon.ico.
      h('link', { rel: 'icon', href: 'data:,' }),
      h('style', null, STYLE),
    ),
    h(
      'body',
      null,
      h(
        'div',
        { class: 'page' },
        h(
          'header',
          { class: 'top' },
          h('h1', null, 'Referral quality report'),
          h('p', { class: 'lede' }, 'Checked ', h('time', { datetime: s.now }, longDate(s.now)), ` by ${result.tool.name} ${result.tool.version}.`),
          h(
            'nav',
            { class: 'toc', 'aria-label': 'Contents' },
            h(
              'ul',
              null,
              h('li', null, h('a', { href: '#summary' }, 'Summary')),
              h('li', null, h('a', { href: '#agencies' }, 'Agency scores')),
              h('li', null, h('a', { href: '#dimensions' }, 'Quality dimensions')),
              h('li', null, h('a', { href: '#rules' }, 'Checks')),
              h('li', null, h('a', { href: '#findings' }, 'Findings by agency')),
              h('li', null, h('a', { href: '#not-checked' }, 'Not checked')),
            ),
          ),
        ),
        h(
          'main',
          null,
          summarySection(result),
          agencySection(result),
          heatMapSection(result),
          rulesSection(result, options),
          detailsSection(result, options),
          notLintedSection(result),
          tablesSection(result),
          internalErrorsSection(result),
        ),
        h(
          'footer',
          null,
          h('p', null, 'This report holds no personal data: only referral ids, agency names, the names of fields that need attention, and numbers.'),
          h('p', null, `Made by ${result.tool.name} ${result.tool.version}. The page loads nothing from the network and can be shared as one file.`),
        ),
      ),
    ),
  );
  return `<!DOCTYPE html>\n${builder.build([page]).trimStart()}\n`;
};
