import { describe, expect, it } from "vitest";
import { isNotEnglish } from "../../src/core/qa/text/foreign.js";

/** Which questions the bot puts into English before searching the (English) docs. */
describe("isNotEnglish", () => {
  it("leaves English alone, terse, misspelt or full of product words", () => {
    for (const q of [
      "how do i top up my credits",
      "pricing for gpt oss 120b",
      "is it in the docs or not",
      "gpu quota",
      "wher do i put the api key??",
      "Error: 401 Unauthorized",
      "can i use /imagine in a dm",
    ]) {
      expect(isNotEnglish(q), q).toBe(false);
    }
  });

  it("flags the languages the index analyses and those it does not", () => {
    for (const q of [
      "¿cómo creo una clave api?",
      "wie lade ich guthaben auf",
      "余额在哪里看",
      "残高を確認する方法は？",
      "как пополнить баланс",
      "làm sao để nạp tiền vào tài khoản",
      "bagaimana cara membuat gambar dengan bot ini",
      // Chat Indonesian: its question words are missing from the `stopword` list.
      "gimana cara cek saldo",
      "bu botu sunucuma nasıl eklerim ve ne kadar",
      "mera video generate nahi ho raha kya karu",
      "كيف أشحن رصيدي",
      "ฉันจะเติมเครดิตได้อย่างไร",
    ]) {
      expect(isNotEnglish(q), q).toBe(true);
    }
  });
});
