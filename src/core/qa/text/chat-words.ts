/**
 * Words a chat question is made of that say nothing about its topic, beyond the general stopword
 * lists: greetings, filler, question words and the modal or helper verbs of asking. The `stopword`
 * lists for French and Spanish leave out even the question words ("comment", "cómo"), so each
 * language gets the same small set of kinds here. Written as folded text (no accents).
 */
import type { Lang } from "./analyze.js";

/** The common English function words the short `stopword` list leaves out (pronouns, prepositions). */
const EN_FUNCTION =
  "myself ours ourselves yours yourself yourselves she hers herself its itself theirs themselves whom having doing until against during above below down off again further once few nor own";

const EN =
  "hey hi hello pls plz please thanks thank thx ok okay so just really actually basically anyone someone something anything guys guy lol sorry dumb question ask asking wondering wonder know tell does doesnt dont didnt isnt cant im ive id youre thats whats wheres hows theres when why whether yes no exactly think maybe also etc will shall let lets need want wanna gonna trying tried try use using used via vs versus not am" +
  // Chat abbreviations and interjections: SUBTLEX (film subtitles) lacks them, so they would
  // otherwise count as rare words the pages never use.
  " ppl u ur ya yall wtf wth omg idk idc imo imho btw rn tbh bc cuz coz tho smth sth nvm np ty tysm thnx thanx asap fyi afaik iirc kinda sorta gotta dunno hmm ugh" +
  " tf af lmao lmk ikr ffs smh" +
  // Discourse markers and forms of address: how a sentence is said, never what it is about.
  " anyway anyways literally honestly seriously totally um umm uh uhh yeah yep yup nope alright bro dude mate folks somebody anybody sooo soo" +
  // Contractions typed without the apostrophe: the `stopword` list has none of them in that form.
  " arent wasnt werent wont wouldnt shouldnt couldnt hasnt havent hadnt theyre weve youve theyve hes shes whos youll theyll itll";

const ZH =
  "如何 怎么 怎样 怎么样 怎么办 什么 为什么 为何 哪里 哪儿 哪个 哪些 可以 能 能否 要 需要 想 想要 我想 应该 必须 多少 是否 还是 属于 我 我的 我们 我们的 你 你的 你们 他们 它 请问 一下 吗 呢 呀 的话 如果 有没有 没有 会 就 就是 被 给 从 让 查看 看到 知道 找 找到 获取 得到 获得 显示 告诉 问 用 使用 弄 办 一个 这个 那个 一些 所有 每个 时候 现在 已经 非常 但是 因为 所以 或者 谢谢 你好 您好";

/** Question words, "can / must / want / need / know / see / do", greetings and thanks (Chinese above too). */
const FR =
  "comment pourquoi quand combien quoi quel quelle quels quelles ou lequel laquelle est-ce estce peux peut peuvent pouvez pourrais puis dois doit devons faut veux voudrais voulez besoin sais savoir voir faire fais fait bonjour salut merci svp utiliser utilise obtenir obtiens vois voit peut-on quelquun quelque chose ca";
const ES =
  "como por porque cuando donde cuanto cuanta cuantos cuantas cual cuales quien quienes puedo puede pueden podemos podria debo debe tengo tiene hay quiero quisiera necesito necesita saber se ver hacer hago hola gracias favor usar uso usa usando conseguir consigo consigue obtener obtengo sacar saco veo ves puedes quieres necesitas sabes alguien algo esto este esta estos estas esa";
const DE =
  "wie warum wieso weshalb wann wo woher wohin wieviel wieviele welche welcher welches was wer kann kannst konnen muss musst mussen will willst mochte brauche braucht weiss wissen sehen machen mache gibt hallo danke bitte benutzen benutze nutzen nutze verwenden verwende bekomme bekommen kriege sehe sieht jemand etwas";
const PT =
  "como porque quando onde quanto quanta quantos quantas qual quais quem posso pode podem devo deve tenho tem quero preciso precisa saber ver fazer ola obrigado obrigada favor usar uso usa usando conseguir consigo consegue obter obtenho vejo faco faz podes queres alguem algo";
const IT =
  "come perche quando dove quanto quanta quanti quante quale quali chi posso puo possono devo deve ho voglio vorrei bisogno sapere vedere fare ciao grazie favore usare uso usa ottenere ottengo vedo faccio puoi vuoi qualcuno qualcosa";
/** The languages whose `stopword` lists are short on chat words (Vietnamese's has no "I" or "how"). */
const VI =
  "lam sao the nao o dau tai khi bao nhieu gi khong co duoc cua toi minh ban xin chao cam on muon can phai cach de xem biet hoi a nhe voi vay thi la";
const ID =
  "bagaimana gimana cara mana dimana kenapa mengapa kapan berapa apa apakah bisa boleh harus mau ingin perlu saya aku gue gua kamu tolong terima kasih halo lihat tahu tanya dong ya nggak gak tidak sih kah";
const TR =
  "nasil nerede nereden neden niye nicin ne zaman kac hangi mi mu var yok olur ben benim bana sen lutfen tesekkurler merhaba istiyorum lazim gerek gormek bilmek yapabilir miyim miyiz yapabilirim";
const NL =
  "hoe waar waarom wanneer hoeveel welke wat wie kan kun kunnen moet moeten wil wilt zou mijn ik je jij hallo hoi bedankt dank graag bekijken weten zien doen";
const PL =
  "jak gdzie dlaczego czemu kiedy ile ktory jaki jaka co czy moge mozna musze trzeba chce moj moje moja ja czesc dzieki dziekuje prosze zobaczyc wiedziec zrobic";
/** Hindi typed in Latin letters (the `stopword` list is in Devanagari only): question words, helpers, pronouns. */
const HI =
  "kya kyu kyun kaise kaisa kab kahan kaha hai hain ho hota hoti raha rahi rahe nahi nahin mera meri mere mujhe hum humara aap apna karu karun karna kar karo chahiye bhi aur lekin toh wala wali kaun kitna kitne kitni kyon kidhar ka ki ke ko se mein me pe par hoga hogi sakta sakti sakte batao bataye please plz";
/** Japanese question words, polite and helper forms as the segmenter cuts them ("でき/ます/か"). */
const JA =
  "どの どこ どう どうやって どうすれば どうしたら なぜ なんで 何 なに なん いつ いくら いい よい 良い です ですか ます ますか でしょう でしょうか ください くだ さい 下さい 教え 教えて 知り 知りたい 方法 やり方 たい したい して した す れ べ ば ほしい 欲しい 私 僕 自分 今 まだ もう すみません お願い よろしく こんにちは ありがとう";
/** Korean question words, endings of asking and polite forms (after particles are stripped, analyze.ts). */
const KO =
  "어떻게 어디 어디서 어디에서 어디에 뭐 뭐예요 무엇 왜 언제 얼마 얼마나 몇 어느 어떤 수 있나요 있어요 있습니까 있을까요 없나요 없어요 되나요 돼요 됩니까 될까요 하나요 해요 합니까 하면 하려면 해야 할 하는 방법 좀 제 저 내 나 우리 저희 주세요 알려주세요 알려줘 궁금해요 궁금합니다 안녕하세요 감사합니다 고마워요 근데 그냥 혹시";

export const CHAT: Partial<Record<Lang, string[]>> = {
  en: `${EN} ${EN_FUNCTION}`.split(" "),
  zh: ZH.split(" "),
  fr: FR.split(" "),
  es: ES.split(" "),
  de: DE.split(" "),
  pt: PT.split(" "),
  it: IT.split(" "),
  vi: VI.split(" "),
  id: ID.split(" "),
  tr: TR.split(" "),
  nl: NL.split(" "),
  pl: PL.split(" "),
  hi: HI.split(" "),
  ja: JA.split(" "),
  ko: KO.split(" "),
};
