// Type declarations for the two text-analysis libraries that ship none.
declare module "snowball-stemmers" {
  const snowball: {
    newStemmer(algorithm: string): { stem(word: string): string };
    algorithms(): string[];
  };
  export default snowball;
}

declare module "stopword" {
  export const eng: string[];
  export const spa: string[];
  export const fra: string[];
  export const deu: string[];
  export const por: string[];
  export const ita: string[];
  export const zho: string[];
  export const jpn: string[];
  export const kor: string[];
  export const rus: string[];
  export const vie: string[];
  export const ind: string[];
  export const msa: string[];
  export const tur: string[];
  export const nld: string[];
  export const pol: string[];
  export const swe: string[];
  export const dan: string[];
  export const nob: string[];
  export const fin: string[];
  export const ces: string[];
  export const ron: string[];
  export const hun: string[];
  export const tgl: string[];
}
