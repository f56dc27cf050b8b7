// Test providers as candidates know them: "Pearson VUE", never the id "pearson-vue".

const NAMES: Record<string, string> = {
  prometric: 'Prometric',
  'pearson-vue': 'Pearson VUE',
  certiport: 'Certiport',
  kryterion: 'Kryterion',
  psi: 'PSI',
};

/** A provider's name; an id not listed here is said in words made from it ("acme-testing" → "Acme Testing"). */
export function providerDisplayName(id: string): string {
  return NAMES[id] ?? id.split(/[-_\s]+/).filter((word) => word !== '').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}
