// @ts-nocheck
import { ChannelType, SlashCommandBuilder } from "discord.js";

const FAMILIES = [
  { name: "controller (deployments, templates, GPUs, storage, agents)", value: "controller" },
  { name: "billing (balance)", value: "billing" },
  { name: "ondemand (/imagine, /video, /ask)", value: "ondemand" },
  { name: "inference (dedicated endpoint)", value: "inference" },
  { name: "video (Theta Video API)", value: "video" },
];

/** /theta: 11 subcommands and 6 groups (Discord allows 25). */
export const thetaDefinition = new SlashCommandBuilder()
  .setName("theta")
  .setDescription("Theta EdgeCloud account and cloud operations")
  .setDMPermission(false)
  .addSubcommand((s) => s.setName("balance").setDescription("The organisation's credit balance"))
  .addSubcommand((s) =>
    s
      .setName("setup")
      .setDescription("Add this server's Theta credentials (Manage Server)")
      .addStringOption((o) =>
        o
          .setName("family")
          .setDescription("Which credentials")
          .setRequired(true)
          .addChoices(...FAMILIES),
      ),
  )
  .addSubcommand((s) =>
    s.setName("capabilities").setDescription("Which credentials this server has, checked against Theta"),
  )
  .addSubcommand((s) => s.setName("health").setDescription("Is Theta reachable?"))
  .addSubcommand((s) =>
    s
      .setName("services")
      .setDescription("On-demand models that are live")
      .addStringOption((o) =>
        o
          .setName("category")
          .setDescription("Filter")
          .addChoices(
            ...["image", "video", "audio", "text", "vision", "other"].map((c) => ({ name: c, value: c })),
          ),
      ),
  )
  .addSubcommand((s) => s.setName("templates").setDescription("Deployment templates (serving and custom)"))
  .addSubcommand((s) => s.setName("gpus").setDescription("GPU nodes, clusters and machine types"))
  .addSubcommand((s) => s.setName("storage").setDescription("Persistent storage volumes"))
  .addSubcommand((s) => s.setName("notebooks").setDescription("Jupyter notebook deployments"))
  .addSubcommand((s) => s.setName("agents").setDescription("Agent chatbots"))
  .addSubcommand((s) =>
    s
      .setName("policy")
      .setDescription("Spending policy (Manage Server to change; no options shows it)")
      .addNumberOption((o) =>
        o
          .setName("confirm_threshold")
          .setDescription("Run paid actions up to this many USD without asking")
          .setMinValue(0),
      )
      .addNumberOption((o) =>
        o
          .setName("server_daily_cap")
          .setDescription("Server spend cap per day, USD (0 removes it)")
          .setMinValue(0),
      )
      .addNumberOption((o) =>
        o
          .setName("user_daily_cap")
          .setDescription("Per-member spend cap per day, USD (0 removes it)")
          .setMinValue(0),
      )
      .addIntegerOption((o) =>
        o
          .setName("max_jobs")
          .setDescription("Jobs one member may run at once")
          .setMinValue(1)
          .setMaxValue(50),
      )
      .addRoleOption((o) => o.setName("spender_role").setDescription("Only this role (and admins) may spend"))
      .addBooleanOption((o) => o.setName("questions").setDescription("Allow /ask"))
      .addChannelOption((o) =>
        o
          .setName("support_channel")
          .setDescription("Where 'Ask a human' goes")
          .addChannelTypes(ChannelType.GuildText),
      )
      .addNumberOption((o) =>
        o
          .setName("qa_daily_cap")
          .setDescription("Daily USD cap for /ask answers (0 removes it)")
          .setMinValue(0),
      ),
  )
  .addSubcommandGroup((g) =>
    g
      .setName("kb")
      .setDescription("Documents /ask answers from (this server only)")
      .addSubcommand((s) =>
        s
          .setName("add")
          .setDescription("Add or replace a document (Manage Server)")
          .addAttachmentOption((o) =>
            o.setName("file").setDescription("A .md, .txt or .html file").setRequired(true),
          ),
      )
      .addSubcommand((s) => s.setName("list").setDescription("This server's documents"))
      .addSubcommand((s) =>
        s
          .setName("remove")
          .setDescription("Remove a document (Manage Server)")
          .addStringOption((o) =>
            o.setName("name").setDescription("File name or title").setRequired(true).setMaxLength(200),
          ),
      ),
  )
  .addSubcommandGroup((g) =>
    g
      .setName("credentials")
      .setDescription("This server's Theta credentials")
      .addSubcommand((s) =>
        s.setName("status").setDescription("Which credential families are set (never the values)"),
      )
      .addSubcommand((s) =>
        s
          .setName("clear")
          .setDescription("Remove stored credentials (Manage Server)")
          .addStringOption((o) =>
            o
              .setName("family")
              .setDescription("Only this family")
              .addChoices(...FAMILIES),
          ),
      ),
  )
  .addSubcommandGroup((g) =>
    g
      .setName("jobs")
      .setDescription("Jobs on this server")
      .addSubcommand((s) => s.setName("list").setDescription("Recent jobs"))
      .addSubcommand((s) =>
        s
          .setName("show")
          .setDescription("One job")
          .addStringOption((o) => o.setName("id").setDescription("Job id").setRequired(true)),
      )
      .addSubcommand((s) =>
        s
          .setName("cancel")
          .setDescription("Cancel your job")
          .addStringOption((o) => o.setName("id").setDescription("Job id").setRequired(true)),
      ),
  )
  .addSubcommandGroup((g) =>
    g
      .setName("deployments")
      .setDescription("Deployments")
      .addSubcommand((s) => s.setName("list").setDescription("All deployments"))
      .addSubcommand((s) =>
        s
          .setName("create")
          .setDescription("Create a deployment (billed hourly)")
          .addStringOption((o) => o.setName("template").setDescription("Template id img_…").setRequired(true))
          .addStringOption((o) =>
            o.setName("machine").setDescription("Machine type vm_… (see /theta gpus)").setRequired(true),
          )
          .addStringOption((o) => o.setName("image").setDescription("Container image (custom templates)"))
          .addIntegerOption((o) =>
            o.setName("replicas").setDescription("Replicas").setMinValue(1).setMaxValue(8),
          ),
      )
      .addSubcommand((s) =>
        s
          .setName("start")
          .setDescription("Start a stopped deployment (billing resumes)")
          .addIntegerOption((o) =>
            o.setName("shard").setDescription("Shard").setRequired(true).setMinValue(0),
          )
          .addStringOption((o) => o.setName("suffix").setDescription("Suffix").setRequired(true)),
      )
      .addSubcommand((s) =>
        s
          .setName("stop")
          .setDescription("Stop a deployment (Manage Server)")
          .addIntegerOption((o) =>
            o.setName("shard").setDescription("Shard").setRequired(true).setMinValue(0),
          )
          .addStringOption((o) => o.setName("suffix").setDescription("Suffix").setRequired(true)),
      )
      .addSubcommand((s) =>
        s
          .setName("delete")
          .setDescription("Delete a deployment (Manage Server)")
          .addIntegerOption((o) =>
            o.setName("shard").setDescription("Shard").setRequired(true).setMinValue(0),
          )
          .addStringOption((o) => o.setName("suffix").setDescription("Suffix").setRequired(true)),
      ),
  )
  .addSubcommandGroup((g) =>
    g
      .setName("video")
      .setDescription("Theta Video")
      .addSubcommand((s) => s.setName("list").setDescription("Videos"))
      .addSubcommand((s) =>
        s
          .setName("get")
          .setDescription("One video")
          .addStringOption((o) => o.setName("id").setDescription("video_…").setRequired(true)),
      )
      .addSubcommand((s) =>
        s
          .setName("upload")
          .setDescription("Upload and transcode a video")
          .addAttachmentOption((o) => o.setName("file").setDescription("The video").setRequired(true)),
      )
      .addSubcommand((s) => s.setName("streams").setDescription("Livestreams"))
      .addSubcommand((s) => s.setName("ingestors").setDescription("Edge ingestors")),
  )
  .addSubcommandGroup((g) =>
    g
      .setName("endpoint")
      .setDescription("This server's dedicated LLM endpoint")
      .addSubcommand((s) => s.setName("models").setDescription("Models it serves"))
      .addSubcommand((s) =>
        s
          .setName("chat")
          .setDescription("Ask it")
          .addStringOption((o) =>
            o.setName("message").setDescription("Message").setRequired(true).setMaxLength(4000),
          ),
      )
      .addSubcommand((s) => s.setName("ready").setDescription("Wait until it is ready (tells you here)")),
  )
  .toJSON();
