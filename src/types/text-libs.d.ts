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
}
