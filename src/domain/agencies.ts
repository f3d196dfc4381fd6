// Who referred: agencies grouped after alias normalisation, so "POL", "Police - CAIT" and
// "Northumbria Police" are scored as one agency when the config says so.
import type { Sector } from './codes.js';

export interface AgencyAlias {
  name: string;
  sector?: Sector;
  aliases?: string[];
  patterns?: string[];
}

export interface AgencyIdentity {
  /** Grouping key. */
  key: string;
  /** Display name: the canonical alias name, or the spelling first seen. */
  name: string;
  /** The alias's sector, when the alias table gives one. */
  sector?: string;
}

export const NO_AGENCY = '(agency not stated)';

export function foldAgency(text: string): string {
  return text.trim().toLowerCase();
}

export class AgencyResolver {
  private readonly exact = new Map<string, AgencyAlias>();
  private readonly patterns: { re: RegExp; alias: AgencyAlias }[] = [];
  private readonly firstSpelling = new Map<string, string>();

  constructor(aliases: readonly AgencyAlias[] = []) {
    for (const alias of aliases) {
      this.exact.set(foldAgency(alias.name), alias);
      for (const spelling of alias.aliases ?? []) this.exact.set(foldAgency(spelling), alias);
      for (const pattern of alias.patterns ?? []) this.patterns.push({ re: new RegExp(pattern, 'iu'), alias });
    }
  }

  resolve(agency: string | undefined): AgencyIdentity {
    const written = agency?.trim() ?? '';
    if (written === '') return { key: `\u0000none`, name: NO_AGENCY };
    const folded = foldAgency(written);
    const alias = this.exact.get(folded) ?? this.patterns.find((p) => p.re.test(written))?.alias;
    if (alias) return { key: `alias:${foldAgency(alias.name)}`, name: alias.name, sector: alias.sector };
    let name = this.firstSpelling.get(folded);
    if (name === undefined) {
      name = written;
      this.firstSpelling.set(folded, name);
    }
    return { key: `name:${folded}`, name };
  }
}
