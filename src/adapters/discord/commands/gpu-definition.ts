import { SlashCommandBuilder, type SlashCommandSubcommandBuilder } from "discord.js";

const id = (s: SlashCommandSubcommandBuilder) =>
  s.addStringOption((o) =>
    o.setName("id").setDescription("GPU Node id").setRequired(true).setAutocomplete(true).setMaxLength(200),
  );

/**
 * /gpu: GPU Nodes on Theta's project API. Its own top-level command because /theta is close to
 * Discord's 4000-character limit per command; Slack has `/theta gpu …`.
 */
export const gpuDefinition = new SlashCommandBuilder()
  .setName("gpu")
  .setDescription("Theta EdgeCloud GPU Nodes: rent a GPU with SSH access")
  .setDMPermission(false)
  .addSubcommand((s) => s.setName("resources").setDescription("GPU resources with hourly prices"))
  .addSubcommand((s) => s.setName("templates").setDescription("GPU Node templates and their images"))
  .addSubcommand((s) => s.setName("list").setDescription("This project's GPU Nodes"))
  .addSubcommand((s) =>
    id(s.setName("show").setDescription("One GPU Node (connection details for its owner)")),
  )
  .addSubcommand((s) =>
    s
      .setName("create")
      .setDescription("Start a GPU Node (billed hourly; asks for your SSH key)")
      .addStringOption((o) =>
        o.setName("template").setDescription("Template").setRequired(true).setAutocomplete(true),
      )
      .addStringOption((o) =>
        o.setName("resource").setDescription("GPU resource").setRequired(true).setAutocomplete(true),
      )
      .addStringOption((o) =>
        o
          .setName("image")
          .setDescription("Container image of the template")
          .setRequired(true)
          .setAutocomplete(true),
      )
      .addStringOption((o) =>
        o.setName("region").setDescription("Region (hosted GPUs in several)").setMaxLength(64),
      )
      .addStringOption((o) =>
        o.setName("name").setDescription("Name: 1-20 letters or digits").setMaxLength(20),
      )
      .addNumberOption((o) =>
        o
          .setName("hours")
          .setDescription("Hours it should run (counted against the daily cap)")
          .setMinValue(0.1)
          .setMaxValue(720),
      )
      .addNumberOption((o) =>
        o
          .setName("max_price")
          .setDescription("Price ceiling, USD per hour (community GPUs)")
          .setMinValue(0.01),
      )
      .addIntegerOption((o) =>
        o.setName("ssh_port").setDescription("SSH port (default 22)").setMinValue(1).setMaxValue(65535),
      )
      .addIntegerOption((o) =>
        o.setName("http_port").setDescription("HTTP port to expose").setMinValue(0).setMaxValue(65535),
      ),
  )
  .addSubcommand((s) =>
    id(s.setName("start").setDescription("Start a stopped GPU Node (billing resumes)")).addNumberOption((o) =>
      o
        .setName("hours")
        .setDescription("Hours it should run (counted against the daily cap)")
        .setMinValue(0.1)
        .setMaxValue(720),
    ),
  )
  .addSubcommand((s) => id(s.setName("stop").setDescription("Stop a GPU Node (billing stops)")))
  .addSubcommand((s) => id(s.setName("delete").setDescription("Delete a GPU Node permanently")))
  .addSubcommand((s) => id(s.setName("logs").setDescription("Logs of a running GPU Node")))
  .addSubcommand((s) => id(s.setName("events").setDescription("Recent events of a GPU Node")))
  .toJSON();
