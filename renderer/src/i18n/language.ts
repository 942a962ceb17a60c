// Owns the one rule "is this UI language English?": English shows the docker CLI's own words and
// numbers as they are; other languages get them said again (statuses, sizes, relative times).
export const isEnglish = (language: string): boolean => language.toLowerCase().split('-')[0] === 'en';
