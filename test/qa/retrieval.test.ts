import { beforeAll, describe, expect, it } from "vitest";
import { accountIntent } from "../../src/core/qa/account-intent.js";
import { Bm25Index } from "../../src/core/qa/bm25.js";
import { chunkDocument } from "../../src/core/qa/chunks.js";
import {
  decide,
  FOUND_AT,
  type Hit,
  KnowledgeIndex,
  MAX_RELATED,
  RELATED_AT,
} from "../../src/core/qa/knowledge-index.js";
import { BUILTIN_DIR, loadDocsFromDir } from "../../src/core/qa/load-docs.js";
import { querySlots } from "../../src/core/qa/query.js";
import { detectLang, fold, type Lang, terms } from "../../src/core/qa/text/analyze.js";
import { synonymMatches } from "../../src/core/qa/text/synonyms.js";

let idx: KnowledgeIndex;
beforeAll(async () => {
  idx = new KnowledgeIndex();
  for (const d of await loadDocsFromDir(BUILTIN_DIR, "builtin")) idx.add(chunkDocument(d));
});

const top = (q: string, context?: string) => {
  const d = decide(idx.query(q, { limit: 4, context }));
  return d.found ? d.passages[0]!.chunk.section : "(not found)";
};

const tiny = (sections: Record<string, string>) => {
  const i = new KnowledgeIndex();
  i.add(
    chunkDocument({
      id: "t:tiny",
      title: "Tiny",
      source: "operator",
      format: "md",
      text: Object.entries(sections)
        .map(([h, b]) => `## ${h}\n${b}\n`)
        .join("\n"),
    }),
  );
  return i;
};

describe("text analysis for chat", () => {
  it("stems words and never turns a short word into a fragment of a long one", () => {
    expect(terms("deployments")).toEqual(terms("deploying"));
    const i = tiny({ Seats: "Every person on the team gets one seat.", Capacity: "No instances are free." });
    expect(i.query("billing per project").map((h) => h.chunk.section)).not.toContain("Seats");
    expect(i.query("gpu node").map((h) => h.chunk.section)).not.toContain("Capacity");
  });

  it("segments Chinese and finds the documented section from a Chinese question", () => {
    expect(terms("如何创建 API 密钥?").length).toBeGreaterThan(1);
    // Both sections say how long a new endpoint takes to warm up.
    expect(top("专用端点预热要多久?")).toMatch(
      /^(Warm-up after creating an endpoint|The endpoint is not ready)$/,
    );
    expect(top("¿cómo creo una clave api para mi proyecto?")).toMatch(/API key/);
  });

  it("reads the product's words in languages the pages have no phrasings for (the glossary)", () => {
    const sections = (q: string) => idx.query(q, { limit: 3 }).map((h) => h.chunk.section);
    const balance = /balance|Account questions/;
    // Portuguese, Russian and Japanese for "how do I see my balance": before, none ranked a balance section.
    expect(sections("como faço pra ver meu saldo?").some((s) => balance.test(s))).toBe(true);
    expect(sections("как посмотреть баланс").some((s) => balance.test(s))).toBe(true);
    expect(sections("残高はどこで確認できますか").some((s) => balance.test(s))).toBe(true);
    // Korean "where do I make the api key": the key pages.
    expect(sections("api 키는 어디서 만들어요").some((s) => /API key|token/.test(s))).toBe(true);
    // An English question never picks up a foreign reading: "conta" (pt: account) is no English
    // word, but short or common English forms are left out, so this stays about cooking.
    expect(top("how long do i cook pasta for")).toBe("(not found)");
    // Common English words the glossary also lists for another language: "no" (Portuguese, node),
    // "bat" (Vietnamese, start), "code" (Italian, queue), "doc" (French, documents).
    const plain = "no, the doc saw no bat and wrote no code";
    expect(synonymMatches(fold(plain))).toEqual([]);
  });

  it("drops the question words and asking verbs of French, Spanish and German chat", () => {
    expect(terms("comment puis-je voir le solde ?", "fr")).toEqual(terms("solde", "fr"));
    expect(terms("¿dónde puedo ver el saldo?", "es")).toEqual(terms("saldo", "es"));
    expect(terms("wo kann ich das Guthaben sehen?", "de")).toEqual(terms("Guthaben", "de"));
    // The verbs of "get", "use" and "someone" as English drops them, in their common forms.
    expect(terms("¿dónde consigo una clave para usar esto?", "es")).toEqual(terms("clave", "es"));
    expect(terms("como eu consigo usar o saldo", "pt")).toEqual(terms("saldo", "pt"));
    expect(terms("wie bekomme ich jemand, der das Guthaben sieht", "de")).toEqual(terms("Guthaben", "de"));
    // Chinese too: "how do I view the balance" is about the balance.
    expect(terms("我想知道怎么查看余额")).toEqual(terms("余额"));
    // The balance sections, or the one on asking the bot to look it up.
    expect(top("怎么查看余额?")).toMatch(/balance|Account questions/);
    // The elided article does not hide the word: "l'organisation" is "organisation".
    const fr = decide(idx.query("pourquoi le solde est-il de l'organisation ?", { limit: 4 }));
    expect(fr.passages.map((h) => h.chunk.section)).toContain("The credit balance");
  });

  it("reads Vietnamese, Indonesian, Turkish, Dutch, Polish and Hindi chat in its own language", () => {
    const cases: Array<[string, Lang, string]> = [
      ["làm sao để xem số dư của tôi", "vi", "số dư"],
      ["gimana cara lihat saldo saya", "id", "saldo"],
      ["bakiyemi nasıl görebilirim", "tr", "bakiyemi görebilirim"],
      ["hoe kan ik mijn saldo zien", "nl", "saldo"],
      ["jak mogę zobaczyć moje saldo", "pl", "saldo"],
      ["mera balance kaise check karu", "hi", "balance check"],
    ];
    for (const [q, lang, content] of cases) {
      expect(detectLang(q), q).toBe(lang);
      // Their question words, pronouns and asking verbs say nothing about the topic.
      expect(terms(q), q).toEqual(terms(content, lang));
    }
    expect(detectLang("मेरा बैलेंस कैसे देखें")).toBe("hi");
    // English keeps its reading, even with words those languages share ("de", "is", "kan").
    for (const q of [
      "what is the default quota",
      "can i top up in the dashboard",
      "die hard fan of the bot",
    ]) {
      expect(detectLang(q), q).toBe("en");
    }
  });

  it("keeps the marks that are part of a letter outside Latin, Greek and Cyrillic", () => {
    // Accents still fold away where they are diacritics.
    expect(fold("Crédito ÜBER ёлка")).toBe("credito uber елка");
    // The voicing mark of kana and the vowel signs of Devanagari make other words.
    expect(fold("どこ")).not.toBe(fold("とこ"));
    expect(fold("ジョブ")).toBe("ジョブ");
    expect(fold("मेरा")).toBe("मेरा");
  });

  it("drops Japanese question words and polite forms, and Korean particles and endings", () => {
    expect(terms("残高はどこで確認できますか")).toEqual(terms("残高 確認"));
    expect(terms("ジョブが失敗したのはなぜですか")).toEqual(terms("ジョブ 失敗"));
    // "노드를" (the node, as object) is "노드"; "확인할" (will check) is "확인".
    expect(terms("gpu 노드를 어떻게 멈추나요?")).toEqual([...terms("gpu"), "노드", "멈추나요"]);
    expect(terms("잔액은 어떻게 확인할 수 있나요")).toEqual(["잔액", "확인"]);
    // A noun's own last syllable stays when the word is short: "서버" (server), "모델이" → "모델".
    expect(terms("서버 모델이")).toEqual(["서버", "모델"]);
    expect(top("잔액은 어떻게 확인할 수 있나요")).toMatch(/balance|Account questions/);
    expect(top("gpu 노드를 어떻게 멈추나요?")).toMatch(/stopping/);
  });

  it("drops the common English function words the short stopword list leaves out", () => {
    expect(terms("during the upload, against the quota, once again")).toEqual(terms("upload quota"));
    // Chat abbreviations too: they are no rare topic words the pages lack.
    expect(terms("wtf why cant ppl see the quota rn tbh")).toEqual(terms("see quota"));
    // And the discourse markers of chat: how it is said, not what it is about.
    expect(terms("ok so literally where is the quota page anyway bro")).toEqual(terms("where quota page"));
  });

  it("counts the words the pages never use less when they only tell the story before the question", () => {
    const i = tiny({ Quota: "Ask support to increase the GPU quota.", Keys: "Create an API key." });
    const rel = (q: string) => i.query(q, { limit: 1 })[0]?.relevance ?? 0;
    const story = rel("it broke at the hackathon yesterday, how do i increase the gpu quota");
    const asked = rel("how do i increase the gpu quota for the hackathon yesterday");
    expect(story).toBeGreaterThan(asked);
    expect(rel("how do i increase the gpu quota")).toBeGreaterThan(story);
  });

  it("reads a version number as one word, not as the end of a sentence that tells a story", () => {
    const vocab = new Bm25Index();
    vocab.add("models", "Models", "Llama is available on demand.");
    // "3.1" once split the question into "is llama 3." and a telling "1 405b available", where a
    // word the pages never use counts half: so "405b", the point of the question, counted half.
    const slots = querySlots("is llama 3.1 405b available on demand", vocab);
    const weight = (t: string) => slots.find((s) => s.alts[0]!.term === t)?.weight;
    expect(weight("3.1")).toBe(1);
    expect(weight("405b")).toBe(1);
    expect(slots.some((s) => s.alts[0]!.term === "1")).toBe(false);
  });

  it("maps the product's vocabulary: health, /detect, /tryon, errors, documents", () => {
    expect(top("is theta down?")).toBe("Check that everything works");
    // /detect (the bot) and grounding_dino (Theta's object detection) both answer this one.
    const objects = decide(idx.query("how do i find objects in a picture", { limit: 4 }));
    expect(objects.passages.map((h) => h.chunk.section)).toContain("Media commands");
    // Whatever is to be found in a picture, finding it is object detection.
    expect(top("find the dogs in this picture")).toBe("Media commands");
    expect(top("can the bot try on a shirt on my photo")).toBe("Media commands");
    // The same picture again is what /imagine's seed option is for.
    expect(top("make the exact same picture twice")).toBe("/imagine");
    expect(top("how do i add our wiki pages")).toBe("Knowledge base documents");
    const broken = decide(idx.query("my image didn't work", { limit: 4 }));
    expect(broken.passages.map((h) => h.chunk.docId)).toContain("builtin:troubleshooting.md");
  });

  it("tells a question the docs do not answer from one they do", () => {
    expect(top("what is the capital of mongolia")).toBe("(not found)");
    expect(top("when is theta adding b200 gpus to the roadmap")).toBe("(not found)");
    // Answered since the "about" page says which platforms the bot works on.
    expect(top("does the bot work in microsoft teams")).toBe("Where the bot works");
    expect(top("what does 409 no instances available mean")).toMatch(/No instances available|Capacity/);
  });

  it("a follow-up searched with the thread's earlier question finds what the thread is about", () => {
    expect(
      top("does one of them work for every model?", "where do i create the on-demand access token?"),
    ).toMatch(/on-demand access token/);
  });
});

describe("the decision's closest topics", () => {
  const hit = (section: string, relevance: number): Hit => ({
    chunk: {
      id: section,
      docId: "builtin:x.md",
      docTitle: "X",
      section,
      headingPath: `X › ${section}`,
      text: "",
      source: "builtin",
    },
    score: relevance * 10,
    relevance,
  });
  const names = (hs: Hit[]) => hs.map((h) => h.chunk.section);

  it("are offered only with 'not found': the closest sections down to RELATED_AT, at most MAX_RELATED", () => {
    const below = FOUND_AT - 0.01;
    const ranked = [below, below - 0.05, below - 0.1, RELATED_AT, RELATED_AT - 0.01].map((r, i) =>
      hit(`s${i}`, r),
    );
    const d = decide(ranked);
    expect(d.found).toBe(false);
    expect(d.passages).toEqual([]);
    expect(names(d.related)).toEqual(["s0", "s1", "s2"].slice(0, MAX_RELATED));
    expect(names(decide([hit("a", RELATED_AT), hit("b", RELATED_AT - 0.01)]).related)).toEqual(["a"]);
    expect(decide([hit("far", RELATED_AT - 0.01)]).related).toEqual([]);
    // Found: the passages are the answer's sources, and nothing is offered beside them.
    const found = decide([hit("best", FOUND_AT), hit("next", 0.3)]);
    expect(found.found).toBe(true);
    expect(found.related).toEqual([]);
  });

  it("for a question the docs only brush against, name the section it is about", () => {
    const d = decide(
      idx.query("can the dry run preview be exported to a spreadsheet for our finance team", { limit: 4 }),
    );
    expect(d.found).toBe(false);
    expect(names(d.related)).toContain("Dry run");
    expect(decide(idx.query("what is the capital of mongolia", { limit: 4 })).related).toEqual([]);
  });
});

describe("account questions", () => {
  it("fire only on questions about this account, never on how-it-works questions", () => {
    expect(accountIntent("what's my balance")).toBe("get_balance");
    expect(accountIntent("how much credit do we have left?")).toBe("get_balance");
    expect(accountIntent("why did my job fail")).toBe("recent_jobs");
    expect(accountIntent("which models are live right now?")).toBe("live_services");
    for (const q of [
      "is the balance per project",
      "how do credits work",
      "can i get a refund for unused credits",
      "how do i top up my credits",
      "what uses up my credits",
      "what happens when no video model is live",
      "how do i know if my credentials work",
    ])
      expect(accountIntent(q), q).toBeUndefined();
  });
});
