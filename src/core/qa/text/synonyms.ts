/**
 * The product's own vocabulary: what people type in chat, mapped to the words the pages use.
 * Commands, services, dashboard names and error words, plus the main product nouns in a few other
 * languages (so "余额" or "saldo" reaches the balance pages). Each entry is matched on folded text
 * (lower case, no accents); its words still count themselves, the expansion is an alternative.
 */
import { type GlossaryEntry as Entry, glossaryEntries } from "./glossary.js";

const e = (pattern: string, means: string, cjk = false): Entry => ({
  re: new RegExp(cjk ? pattern : `(?<![\\p{L}\\p{N}_])(?:${pattern})(?![\\p{L}\\p{N}_])`, "gu"),
  means,
});

const EN: Entry[] = [
  e("(is )?theta (down|up|offline|online|dead)|outage|status page|reachable", "health reachable"),
  e(
    "(find|detect|spot|locate|count)(ing)? (objects?|things|items|people)|bounding box(es)?",
    "detect grounding_dino",
  ),
  // "find the dogs in this picture": any thing found in a picture is object detection.
  e(
    "(find|detect|spot|locate|count|mark|box)(ing)? (all )?(the |every )?[\\p{L}]+ (in|on) (this|the|a|an|my|our) (photo|picture|pic|image|img)|boxes around",
    "detect grounding_dino",
  ),
  e(
    "try(ing)?[ -]?on|virtual fitting|(put|wear)(ing)? (clothes|outfit|a dress|a shirt)",
    "tryon stable_viton",
  ),
  e("face ?swap|swap(ping)? faces?", "faceswap instant_id"),
  e("talking (head|avatar)|lip ?sync", "talking-head"),
  e("speech to text|voice (message|note|memo)s?|subtitles?", "transcribe whisper audio"),
  e("describe (an |my |the )?(image|picture|photo)|alt text", "caption blip"),
  e("(make|get)? ?(it )?(bigger|larger|sharper)|higher resolution|enlarge", "upscale esrgan"),
  e(
    "(didnt|doesnt|dont|does not|did not|wont|isnt|not) work(ing|ed)?|broke(n)?|fail(s|ed|ing)?|crash(es|ed)?",
    "error troubleshooting",
  ),
  e(
    "wiki( pages?)?|our docs|(own|internal|company) (docs|pages|documentation)|(pdf|markdown) files?",
    "knowledge base documents",
  ),
  // "the exact same image again": a repeatable result is what the seed option gives.
  e("exact(ly)? (the )?same|same (one|thing|result|output) again|reproduc(e|ible)|repeatable", "seed"),
  e("pic(ture)?s?|photos?|img", "image"),
  e("clips?|movies?|animations?", "video"),
  e(
    "(top|topping|topped)[ -]?up|recharge|refill|add (money|funds|credits?)|buy credits?|fund (the|my|our) account",
    "top-up credits",
  ),
  e("money|funds|dollars?|usd|\\$", "credits balance cost"),
  e("how much (does|do|is|are|would)|costs?|pricing|prices?|charged?|fees?|expensive|cheap", "price cost"),
  e("spend(ing)? limit|budget|max(imum)? spend", "cap"),
  e("limits?|rate limit|caps?", "quota cap"),
  e("org|company|team account", "organisation"),
  e("api[ -]?key|project key|access key", "api key"),
  e("passwords?|secrets?|tokens?|creds|credentials?", "credentials key token"),
  e("(gpu )?(machine|instance|server|vm)s?( types?| sizes?)?|hardware", "vm machine type gpu"),
  e("warm(ing)?[ -]?up|cold start|boot(ing)?|spin(ning)? up|not ready", "warm-up ready"),
  e("llm|chatbot|language model", "chat llm model"),
  e("self[ -]?hosted|my own (model|llm)|vllm", "dedicated endpoint"),
  e("ssh|log ?in to (the |a |my )?(machine|node|server)", "ssh gpu node"),
  e("live ?stream(ing)?|obs|rtmp|broadcast", "livestream ingestor"),
  e("kill|shut ?down|turn off|pause", "stop"),
  e("remove|erase|get rid of", "delete"),
  // Chat abbreviations of words the pages spell out.
  e("diff|differences?", "difference"),
  e("vids?", "video"),
  e("msgs?", "message"),
  e("accts?|acc", "account"),
  e("configs?|cfg|conf", "configure configuration setup"),
  e("docs|documentation", "documentation docs"),
  e("perms?", "permission role"),
  e("mins?", "minutes"),
  e("secs?", "seconds"),
  e("hrs?", "hours"),
  e("coworkers?|colleagues?|teammates?|members?|invite", "member project people"),
  e("permissions?|allowed|who can|access", "admin role"),
];

/** Product nouns in other languages (Chinese matched without word boundaries). */
const OTHER: Entry[] = [
  ...(
    [
      ["余额|剩余", "balance"],
      ["密钥|秘钥|key", "api key"],
      ["令牌|token", "token"],
      ["凭证|凭据", "credentials"],
      ["项目", "project"],
      ["组织", "organisation"],
      ["账户|账号|帐户|帐号", "account"],
      ["配额|限额", "quota"],
      ["专用", "dedicated"],
      ["端点|接口", "endpoint"],
      ["预热|启动", "warm-up ready"],
      ["部署", "deployment"],
      ["图片|图像|照片", "image"],
      ["视频", "video"],
      ["直播", "livestream"],
      ["价格|费用|多少钱|收费|花费", "price cost"],
      ["充值", "top-up credits"],
      ["积分|额度", "credits"],
      ["模型", "model"],
      ["按需", "on-demand"],
      ["错误|报错|失败", "error"],
      ["上传", "upload"],
      ["节点", "node"],
      ["虚拟机|机器类型", "vm machine type"],
      ["开发者计划", "developer plan"],
      ["增加|提高", "increase"],
      ["创建", "create"],
      ["多久|多长时间", "how long"],
      ["链接|网址|地址", "url link"],
      ["过期|失效|到期", "expire"],
      ["删除", "delete"],
      ["停止|关闭", "stop"],
      ["取消", "cancel"],
      ["限制|上限", "limit cap"],
      ["登录|登陆", "sign in log in"],
      ["成员|同事", "member"],
      ["角色|权限", "role admin"],
      ["日志", "logs"],
      ["用量|使用量|使用记录", "usage"],
      ["历史", "history"],
      ["命令|指令", "command"],
      ["文档|文件", "documents"],
      ["机器人", "bot"],
      ["服务", "service"],
      ["免费", "free"],
      ["队列|排队", "queue"],
      ["确认", "confirm"],
      ["预算", "budget cap"],
      ["转录|语音转文字", "transcribe"],
      ["字幕", "caption"],
      ["放大|高清", "upscale"],
    ] as const
  ).map(([p, m]) => e(p, m, true)),
  e("saldo|solde|guthaben|kontostand", "balance"),
  e("clave|llave|cle|schlussel", "key"),
  e("ficha|jeton", "token"),
  e("contrasena|mot de passe|passwort", "password"),
  e("cuenta|compte|konto", "account"),
  e("proyecto|projet|projekt", "project"),
  e("organizacion|organisation|organisation", "organisation"),
  e("cuota|quota|kontingent", "quota"),
  e("precio|costo|cuesta|cuanto|prix|coute|preis|kostet|kosten", "price cost"),
  e("imagen(es)?|bild(er)?", "image"),
  e("recargar|recarga|recharger|aufladen", "top-up credits"),
  e("despliegue|deploiement|bereitstellung", "deployment"),
  e("a la demande|bajo demanda|a pedido", "on-demand"),
  e("devuelve|renvoie|liefert", "returns"),
  e("roto|rota|casse|kaputt", "broken error"),
  e("crear|creo|creer|erstellen", "create"),
  e("enlace|lien|link", "url link"),
  e("caduca|expira|vence|expire|ablaufen|lauft ab", "expire"),
  e("borrar|eliminar|supprimer|loschen", "delete"),
  e("detener|parar|arreter|stoppen", "stop"),
  e("miembros?|membres?|mitglieder", "member"),
  e("registros|journaux|protokolle", "logs"),
  e("historial|historique|verlauf", "history"),
  e("documentos|documents|dokumente", "documents"),
  e("gratis|gratuit|kostenlos", "free"),
  e("confirmar|confirmer|bestatigen", "confirm"),
  e("presupuesto|budget", "budget cap"),
];

export interface SynonymMatch {
  /** The matched span of the folded text. */
  start: number;
  end: number;
  means: string;
}

let all: Entry[] | undefined;

/** Every vocabulary match in a folded text, longest first where matches overlap. */
export function synonymMatches(folded: string): SynonymMatch[] {
  all ??= [...EN, ...OTHER, ...glossaryEntries()];
  const found: SynonymMatch[] = [];
  for (const entry of all) {
    for (const m of folded.matchAll(entry.re)) {
      if (!m[0].trim()) continue;
      found.push({ start: m.index, end: m.index + m[0].length, means: entry.means });
    }
  }
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: SynonymMatch[] = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}
