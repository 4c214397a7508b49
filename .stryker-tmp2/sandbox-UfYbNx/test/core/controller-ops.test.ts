// @ts-nocheck
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BotError } from "../../src/core/errors.js";
import { type Runtime, runOperation } from "../../src/core/operations/runner.js";
import { customTemplates, STANDARD_TEMPLATES } from "../doubles/theta/controller-seed.js";
import type { LoggedRequest } from "../doubles/theta/index.js";
import { type Harness, startHarness } from "../helpers/theta-runtime.js";

let h: Harness;
let prj: string;
beforeAll(async () => {
  h = await startHarness();
  prj = h.double.options.projectId;
});
afterAll(() => h.double.close());
beforeEach(() => h.double.reset());

const WRONG_KEY = "wrong-key-123456";

/** Every credential variable unset: only public routes can work. */
const NO_CREDENTIALS: Record<string, undefined> = {
  THETA_EC_API_KEY: undefined,
  THETA_EC_PROJECT_ID: undefined,
  THETA_ORG_ID: undefined,
  THETA_ONDEMAND_API_TOKEN: undefined,
  THETA_VIDEO_SA_ID: undefined,
  THETA_VIDEO_SA_SECRET: undefined,
  THETA_INFERENCE_ENDPOINT: undefined,
  THETA_INFERENCE_AUTH_USER: undefined,
  THETA_INFERENCE_AUTH_PASS: undefined,
  THETA_INFERENCE_AUTH_TOKEN: undefined,
};

type Dep = {
  TemplateName: string;
  TemplateID: string;
  Shard: number;
  Suffix: string;
  BaseID: string;
  Endpoint: string;
  EndpointStatus: string;
  VmId: string;
};
type DepList = { route: string; count: number; deployments: Dep[] };
type Attempt = { route: string; status?: number; code: string };
type Template = { id: string; name: string; category?: string };
type Chatbot = Record<string, unknown> & { id: string; name: string };

async function runWith(rt: Runtime, name: string, input: unknown = {}): Promise<unknown> {
  const r = await runOperation(rt, name, input);
  if (r.kind !== "result") throw new Error(`expected a result, got ${r.kind}`);
  return r.result;
}

/** The BotError a promise rejects with (fails the test when it resolves). */
async function failure(p: Promise<unknown>): Promise<BotError> {
  const outcome = await p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome.v).slice(0, 300)}`);
  expect(outcome.e).toBeInstanceOf(BotError);
  return outcome.e as BotError;
}

const sent = (method: string, path: string): LoggedRequest[] =>
  h.double.requests.filter((r) => r.method === method && r.path === path);

async function deployments(): Promise<Dep[]> {
  return ((await h.run("theta.deployments.list")) as DepList).deployments;
}

const seeded = async (templateName: string) =>
  (await deployments()).find((d) => d.TemplateName === templateName)!;

describe("theta.deployments.list", () => {
  it("lists the project's deployments with project_id in the query", async () => {
    const r = (await h.run("theta.deployments.list")) as DepList;
    expect(r.route).toBe("/deployment/list");
    expect(r.count).toBe(3);
    expect(r.deployments.map((d) => d.TemplateName).sort()).toEqual(["GPU Node", "Jupyter Notebook", "vLLM"]);
    const [req] = sent("GET", "/controller/deployment/list");
    expect(req?.query).toEqual({ project_id: prj });
    expect(req?.headers["x-api-key"]).toBe(h.double.options.apiKey);
  });

  it("templateName sends template_name and returns only matching deployments", async () => {
    const r = (await h.run("theta.deployments.list", { templateName: "Jupyter Notebook" })) as DepList;
    expect(r.count).toBe(1);
    expect(r.deployments[0]?.TemplateName).toBe("Jupyter Notebook");
    expect(sent("GET", "/controller/deployment/list")[0]?.query).toEqual({
      project_id: prj,
      template_name: "Jupyter Notebook",
    });
  });

  it("templateName as a list repeats template_name", async () => {
    const r = (await h.run("theta.deployments.list", { templateName: ["GPU Node", "vLLM"] })) as DepList;
    expect(r.deployments.map((d) => d.TemplateName).sort()).toEqual(["GPU Node", "vLLM"]);
    expect(sent("GET", "/controller/deployment/list")[0]?.query.template_name).toEqual(["GPU Node", "vLLM"]);
  });

  it("notTemplateName repeats not_template_name and excludes those deployments", async () => {
    const r = (await h.run("theta.deployments.list", {
      notTemplateName: ["Jupyter Notebook", "GPU Node"],
    })) as DepList;
    expect(r.deployments.map((d) => d.TemplateName)).toEqual(["vLLM"]);
    expect(sent("GET", "/controller/deployment/list")[0]?.query).toEqual({
      project_id: prj,
      not_template_name: ["Jupyter Notebook", "GPU Node"],
    });
  });

  it("falls back to the plural /deployments/list when the singular route answers 404", async () => {
    h.double.fault({ method: "GET", path: "/controller/deployment/list", status: 404 });
    const r = (await h.run("theta.deployments.list", { templateName: "vLLM" })) as DepList;
    expect(r.route).toBe("/deployments/list");
    expect(r.deployments.map((d) => d.TemplateName)).toEqual(["vLLM"]);
    expect(h.double.requests.map((x) => x.path)).toEqual([
      "/controller/deployment/list",
      "/controller/deployments/list",
    ]);
    expect(sent("GET", "/controller/deployments/list")[0]?.query).toEqual({
      project_id: prj,
      template_name: "vLLM",
    });
  });

  it("a 403 on the singular route is reported, not masked by the plural fallback", async () => {
    const err = await failure(
      runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), "theta.deployments.list"),
    );
    expect(err.code).toBe("theta_unauthorized");
    expect(err.status).toBe(403);
    expect(h.double.count("GET", /^\/controller\/deployments?\/list$/)).toBe(1);
  });

  it("a transient 503 on the list is retried and the list still arrives", async () => {
    h.double.fault({ method: "GET", path: "/controller/deployment/list", status: 503, times: 1 });
    const r = (await h.run("theta.deployments.list")) as DepList;
    expect(r.count).toBe(3);
    expect(h.double.count("GET", "/controller/deployment/list")).toBe(2);
  });

  it("without controller credentials it names both variables and sends nothing", async () => {
    const err = await failure(runWith(h.runtimeWith(NO_CREDENTIALS), "theta.deployments.list"));
    expect(err.code).toBe("missing_credentials");
    expect(err.message).toContain("THETA_EC_API_KEY");
    expect(err.message).toContain("THETA_EC_PROJECT_ID");
    expect(h.double.requests).toHaveLength(0);
  });
});

describe("theta.deployments.create", () => {
  const deepseek = "img_gf070dbq0kttgz1atmiatyunhdxm";
  const grounding = "img_qqu31asazaig666jtzp7gjd4pway";

  it("sends the payload with project_id injected and returns the new deployment's handles", async () => {
    const r = (await h.run("theta.deployments.create", {
      deployment_template_id: deepseek,
      vm_id: "vm_gh200x1",
      container_image: "thetalabsofficial/vllm-theta:latest",
      env_vars: { MODEL: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B" },
      auth_username: "endpoint_user2",
    })) as { endpoint: string; baseId: string; shard: string; suffix: string };
    const posts = sent("POST", "/controller/deployment");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({
      project_id: prj,
      deployment_template_id: deepseek,
      vm_id: "vm_gh200x1",
      container_image: "thetalabsofficial/vllm-theta:latest",
      env_vars: { MODEL: "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B" },
      auth_username: "endpoint_user2",
      min_replicas: 1,
      max_replicas: 1,
    });
    expect(r.endpoint).toBe(h.double.baseUrls.inference);
    expect(r.shard).toMatch(/^[1-4]$/);
    expect(r.suffix).toMatch(/^[a-z0-9]{8}$/);
    expect(r.baseId).toMatch(/^[a-z0-9]{20}$/);
    const created = (await deployments()).find((d) => d.Suffix === r.suffix);
    expect(created).toMatchObject({
      TemplateName: "DeepSeek R1 Distill Qwen 7B",
      BaseID: r.baseId,
      Shard: Number(r.shard),
      VmId: "vm_gh200x1",
    });
  });

  it("accepts the fields wrapped in `payload` and sends them unwrapped", async () => {
    const r = (await h.run("theta.deployments.create", {
      payload: { deployment_template_id: grounding, vm_id: "vm_gt1", max_replicas: 2 },
    })) as { suffix: string };
    const body = sent("POST", "/controller/deployment")[0]?.body as Record<string, unknown>;
    expect(body).toEqual({
      project_id: prj,
      deployment_template_id: grounding,
      vm_id: "vm_gt1",
      min_replicas: 1,
      max_replicas: 2,
    });
    expect(body).not.toHaveProperty("payload");
    expect((await deployments()).find((d) => d.Suffix === r.suffix)?.TemplateName).toBe("Grounding Dino");
  });

  it.each([
    [
      "a template id that is not img_…",
      { deployment_template_id: "tmpl_123", vm_id: "vm_gt1" },
      "deployment_template_id",
    ],
    ["a machine type that is not vm_…", { deployment_template_id: grounding, vm_id: "gt1" }, "vm_id"],
    [
      "max_replicas below min_replicas",
      { deployment_template_id: grounding, vm_id: "vm_gt1", min_replicas: 3, max_replicas: 2 },
      "max_replicas",
    ],
  ])("refuses %s with INVALID_INPUT and sends nothing", async (_label, input, field) => {
    const err = await failure(h.run("theta.deployments.create", input));
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.message).toContain(field);
    expect(h.double.requests).toHaveLength(0);
  });

  it("a 500 on POST /deployment is not retried (exactly one POST)", async () => {
    h.double.fault({ method: "POST", path: "/controller/deployment", status: 500 });
    const err = await failure(
      h.run("theta.deployments.create", { deployment_template_id: grounding, vm_id: "vm_gt1" }),
    );
    expect(err.code).toBe("theta_upstream_error");
    expect(err.status).toBe(500);
    expect(h.double.count("POST", "/controller/deployment")).toBe(1);
  });

  it("a 502 after the server created the deployment leaves exactly one new deployment", async () => {
    h.double.fault({
      method: "POST",
      path: "/controller/deployment",
      status: 502,
      delayAfterHandleMs: 0,
      times: 1,
    });
    const err = await failure(
      h.run("theta.deployments.create", { deployment_template_id: grounding, vm_id: "vm_gt1" }),
    );
    expect(err.code).toBe("theta_upstream_error");
    expect(h.double.count("POST", "/controller/deployment")).toBe(1);
    expect((await deployments()).filter((d) => d.TemplateName === "Grounding Dino")).toHaveLength(1);
  });

  it("a wrong key is theta_unauthorized, creates nothing and does not echo the key", async () => {
    const err = await failure(
      runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), "theta.deployments.create", {
        deployment_template_id: grounding,
        vm_id: "vm_gt1",
      }),
    );
    expect(err.code).toBe("theta_unauthorized");
    expect(err.message).not.toContain(WRONG_KEY);
    expect(JSON.stringify(err.toJSON())).not.toContain(WRONG_KEY);
    expect(h.double.count("POST", "/controller/deployment")).toBe(1);
    expect(await deployments()).toHaveLength(3);
  });
});

describe("theta.deployments.start / stop", () => {
  it("stop PUTs /deployment/{shard}/{suffix}/stop with project_id and the deployment stops", async () => {
    const r = (await h.run("theta.deployments.stop", { shard: "1", suffix: "jn8k2m4q" })) as {
      route: string;
      attempts: Attempt[];
    };
    expect(r.route).toBe("/deployment/1/jn8k2m4q/stop");
    const put = sent("PUT", "/controller/deployment/1/jn8k2m4q/stop");
    expect(put).toHaveLength(1);
    expect(put[0]?.query).toEqual({ project_id: prj });
    expect((await seeded("Jupyter Notebook")).EndpointStatus).toBe("stopped");
  });

  it("start (shard given as a number) brings a stopped deployment back to running", async () => {
    await h.run("theta.deployments.stop", { shard: 1, suffix: "jn8k2m4q" });
    const r = (await h.run("theta.deployments.start", { shard: 1, suffix: "jn8k2m4q" })) as { route: string };
    expect(r.route).toBe("/deployment/1/jn8k2m4q/start");
    expect(sent("PUT", "/controller/deployment/1/jn8k2m4q/start")).toHaveLength(1);
    expect((await seeded("Jupyter Notebook")).EndpointStatus).toBe("running");
  });

  it.each([
    ["stop", 404, "stopped"],
    ["stop", 405, "stopped"],
    ["start", 404, "running"],
    ["start", 405, "running"],
  ] as const)(
    "%s falls back to the plural route when the singular answers %i",
    async (action, status, after) => {
      if (action === "start") await h.run("theta.deployments.stop", { shard: "1", suffix: "jn8k2m4q" });
      h.double.fault({ method: "PUT", path: `/controller/deployment/1/jn8k2m4q/${action}`, status });
      const r = (await h.run(`theta.deployments.${action}`, { shard: "1", suffix: "jn8k2m4q" })) as {
        route: string;
        attempts: Attempt[];
      };
      expect(r.route).toBe(`/deployments/1/jn8k2m4q/${action}`);
      expect(r.attempts).toEqual([
        expect.objectContaining({ route: `/deployment/1/jn8k2m4q/${action}`, status }),
        expect.objectContaining({ route: `/deployments/1/jn8k2m4q/${action}`, code: "ok" }),
      ]);
      expect(sent("PUT", `/controller/deployments/1/jn8k2m4q/${action}`)[0]?.query).toEqual({
        project_id: prj,
      });
      expect((await seeded("Jupyter Notebook")).EndpointStatus).toBe(after);
    },
  );

  it.each([
    ["start", { shard: "1/../x", suffix: "jn8k2m4q" }],
    ["stop", { shard: "1/../x", suffix: "jn8k2m4q" }],
    ["stop", { shard: "1", suffix: "../../chatbot/list" }],
    ["stop", { shard: "1?project_id=prj_other", suffix: "jn8k2m4q" }],
  ])("%s refuses a path-changing target %j before any request", async (action, input) => {
    const err = await failure(h.run(`theta.deployments.${action}`, input));
    expect(["INVALID_INPUT", "INVALID_SHARD", "INVALID_SUFFIX"]).toContain(err.code);
    expect(h.double.requests).toHaveLength(0);
  });

  it("stopping an unknown deployment is theta_not_found", async () => {
    const err = await failure(h.run("theta.deployments.stop", { shard: "3", suffix: "nothere1" }));
    expect(err.code).toBe("theta_not_found");
    expect((await deployments()).every((d) => d.EndpointStatus === "running")).toBe(true);
  });

  it("a wrong key is theta_unauthorized after one PUT and the deployment keeps running", async () => {
    const err = await failure(
      runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), "theta.deployments.stop", {
        shard: "1",
        suffix: "jn8k2m4q",
      }),
    );
    expect(err.code).toBe("theta_unauthorized");
    expect(err.message).not.toContain(WRONG_KEY);
    expect(h.double.count("PUT", /\/stop$/)).toBe(1);
    expect((await seeded("Jupyter Notebook")).EndpointStatus).toBe("running");
  });
});

describe("theta.deployments.delete", () => {
  it("deletes by shard + suffix with DELETE /deployment/{shard}/{suffix}", async () => {
    const r = (await h.run("theta.deployments.delete", { shard: "2", suffix: "vl3p9d6s" })) as {
      route: string;
    };
    expect(r.route).toBe("/deployment/2/vl3p9d6s");
    expect(sent("DELETE", "/controller/deployment/2/vl3p9d6s")[0]?.query).toEqual({ project_id: prj });
    expect((await deployments()).map((d) => d.TemplateName).sort()).toEqual(["GPU Node", "Jupyter Notebook"]);
  });

  it("deletes by deploymentId (BaseID) with DELETE /deployment/base/{id}", async () => {
    const gpu = await seeded("GPU Node");
    h.double.reset();
    const r = (await h.run("theta.deployments.delete", { deploymentId: gpu.BaseID })) as { route: string };
    expect(r.route).toBe(`/deployment/base/${gpu.BaseID}`);
    expect(sent("DELETE", `/controller/deployment/base/${gpu.BaseID}`)).toHaveLength(1);
    expect((await deployments()).map((d) => d.TemplateName).sort()).toEqual(["Jupyter Notebook", "vLLM"]);
  });

  it.each([{ shard: "4", suffix: "zzzzzzzz" }, { deploymentId: "doesnotexist000000000" }])(
    "an unknown deployment %j is theta_not_found and nothing is deleted",
    async (input) => {
      const err = await failure(h.run("theta.deployments.delete", input));
      expect(err.code).toBe("theta_not_found");
      expect(err.status).toBe(404);
      expect(await deployments()).toHaveLength(3);
    },
  );

  it("refuses shard+suffix together with deploymentId, and a path-changing id, before any request", async () => {
    const both = await failure(
      h.run("theta.deployments.delete", { shard: "1", suffix: "jn8k2m4q", deploymentId: "abc" }),
    );
    expect(both.code).toBe("INVALID_INPUT");
    const bad = await failure(
      h.run("theta.deployments.delete", { deploymentId: "../deployment/1/jn8k2m4q" }),
    );
    expect(["INVALID_INPUT", "INVALID_DEPLOYMENT_ID"]).toContain(bad.code);
    expect(h.double.requests).toHaveLength(0);
  });

  it("a wrong key is theta_unauthorized and nothing is deleted", async () => {
    const err = await failure(
      runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), "theta.deployments.delete", {
        shard: "2",
        suffix: "vl3p9d6s",
      }),
    );
    expect(err.code).toBe("theta_unauthorized");
    expect(err.message).not.toContain(WRONG_KEY);
    expect(await deployments()).toHaveLength(3);
  });
});

describe("theta.deployments.listVm", () => {
  it("works without any credentials and sends no key", async () => {
    const r = (await runWith(h.runtimeWith(NO_CREDENTIALS), "theta.deployments.listVm")) as {
      count: number;
      vms: Array<{ id: string; name: string; price_hour: number }>;
    };
    expect(r.count).toBe(5);
    expect(r.vms.map((v) => v.id)).toContain("vm_gh200x1");
    expect(r.vms.find((v) => v.id === "vm_gt1")).toMatchObject({ name: "G-T4_16GB-x1", price_hour: 0.35 });
    const [req] = sent("GET", "/platform/resource/vm/list");
    expect(req).toBeDefined();
    expect(req?.headers["x-api-key"]).toBeUndefined();
  });

  it("sends the key when one is configured", async () => {
    await h.run("theta.deployments.listVm");
    expect(sent("GET", "/platform/resource/vm/list")[0]?.headers["x-api-key"]).toBe(h.double.options.apiKey);
  });

  it("a catalog outage is theta_upstream_error after the retries", async () => {
    h.double.fault({ path: "/platform/resource/vm/list", status: 503 });
    const err = await failure(h.run("theta.deployments.listVm"));
    expect(err.code).toBe("theta_upstream_error");
    expect(h.double.count("GET", "/platform/resource/vm/list")).toBe(1 + h.config.http.maxRetries);
  });
});

describe("theta.deployments.listStandard / listCustom", () => {
  const STD = "/controller/deployment_template/list_standard_templates";

  it("lists one page of 50 standard templates by default", async () => {
    const r = (await h.run("theta.deployments.listStandard")) as { count: number; templates: Template[] };
    expect(r.count).toBe(50);
    expect(r.templates[0]).toMatchObject({ name: "vLLM", category: "serving" });
    expect(r.templates.every((t) => t.id.startsWith("img_"))).toBe(true);
    expect(sent("GET", STD)).toHaveLength(1);
    expect(sent("GET", STD)[0]?.query).toMatchObject({ page: "0", number: "50" });
  });

  it("filters by category and honours page/number", async () => {
    const proto = (await h.run("theta.deployments.listStandard", { category: "prototyping" })) as {
      templates: Template[];
    };
    expect(proto.templates.map((t) => t.name)).toEqual([
      "Jupyter Notebook",
      "GPU Node",
      "VS Code Server",
      "PyTorch Notebook",
    ]);
    const p1 = (await h.run("theta.deployments.listStandard", {
      category: "serving",
      page: 1,
      number: 30,
    })) as {
      count: number;
      templates: Template[];
    };
    expect(p1.count).toBe(30);
    expect(p1.templates[0]?.name).toBe("Serving Template 31");
    expect(sent("GET", STD)[1]?.query).toMatchObject({ category: "serving", page: "1", number: "30" });
  });

  it.each([
    [undefined, 68],
    ["serving", 64],
  ] as const)("all: true (category %s) pages by 50 until a short page", async (category, total) => {
    const r = (await h.run("theta.deployments.listStandard", {
      all: true,
      ...(category ? { category } : {}),
    })) as {
      count: number;
      templates: Template[];
    };
    expect(r.count).toBe(total);
    expect(new Set(r.templates.map((t) => t.id)).size).toBe(total);
    const reqs = sent("GET", STD);
    expect(reqs).toHaveLength(2);
    expect(reqs.map((q) => [q.query.page, q.query.number])).toEqual([
      ["0", "50"],
      ["1", "50"],
    ]);
  });

  it("listCustom lists the project's custom templates", async () => {
    const r = (await h.run("theta.deployments.listCustom")) as { count: number; templates: Template[] };
    expect(r.count).toBe(2);
    expect(r.templates.map((t) => t.name)).toEqual(["My Custom vLLM", "Legacy Custom Image"]);
    expect(sent("GET", "/controller/deployment_template/list_custom_templates")[0]?.query).toEqual({
      project_id: prj,
    });
  });

  it.each(["theta.deployments.listStandard", "theta.deployments.listCustom"])(
    "%s with a wrong key is theta_unauthorized without the key in the message",
    async (op) => {
      const err = await failure(runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), op));
      expect(err.code).toBe("theta_unauthorized");
      expect(err.message).not.toContain(WRONG_KEY);
      expect(h.double.requests.every((r) => r.headers["x-api-key"] === WRONG_KEY)).toBe(true);
    },
  );
});

describe("theta.ai.* deployment views", () => {
  it("dedicatedDeployments.list keeps only serving-template deployments (Jupyter/GPU Node excluded)", async () => {
    const r = (await h.run("theta.ai.dedicatedDeployments.list")) as {
      count: number;
      deployments: Dep[];
      filter: { mode: string; templateCount: number; degraded: boolean };
    };
    expect(r.deployments.map((d) => d.TemplateName)).toEqual(["vLLM"]);
    expect(r.count).toBe(1);
    expect(r.filter).toEqual({ mode: "serving-template-allowlist", templateCount: 66, degraded: false });
    expect(sent("GET", "/controller/deployment_template/list_standard_templates")[0]?.query).toMatchObject({
      category: "serving",
    });
  });

  it("dedicatedDeployments.list includes deployments of custom serving templates, not prototyping ones", async () => {
    const custom = customTemplates(prj).find((t) => t.name === "My Custom vLLM")!;
    const vscode = STANDARD_TEMPLATES.find((t) => t.name === "VS Code Server")!;
    await h.run("theta.deployments.create", { deployment_template_id: custom.id, vm_id: "vm_gt1" });
    await h.run("theta.deployments.create", { deployment_template_id: vscode.id, vm_id: "vm_gt1" });
    const r = (await h.run("theta.ai.dedicatedDeployments.list")) as { deployments: Dep[] };
    expect(r.deployments.map((d) => d.TemplateName).sort()).toEqual(["My Custom vLLM", "vLLM"]);
  });

  it("dedicatedDeployments.list shows everything, flagged degraded, when no serving templates are listed", async () => {
    const none = { status: "success", body: { templates: [] } };
    h.double.fault({
      path: "/controller/deployment_template/list_standard_templates",
      status: 200,
      body: none,
    });
    h.double.fault({
      path: "/controller/deployment_template/list_custom_templates",
      status: 200,
      body: none,
    });
    const r = (await h.run("theta.ai.dedicatedDeployments.list")) as {
      deployments: Dep[];
      filter: { mode: string; degraded: boolean };
      warnings: string[];
    };
    expect(r.deployments).toHaveLength(3);
    expect(r.filter).toMatchObject({ mode: "unfiltered-fallback", degraded: true });
    expect(r.warnings[0]).toMatch(/every deployment is shown/);
  });

  it.each([
    ["theta.ai.jupyter.list", "Jupyter Notebook"],
    ["theta.ai.gpuNode.list", "GPU Node"],
  ])("%s asks for template_name=%s", async (op, template) => {
    const r = (await h.run(op)) as { count: number; deployments: Dep[] };
    expect(r.count).toBe(1);
    expect(r.deployments[0]?.TemplateName).toBe(template);
    expect(sent("GET", "/controller/deployment/list")[0]?.query).toEqual({
      project_id: prj,
      template_name: template,
    });
  });

  it("gpuCluster.list returns the project's clusters", async () => {
    const r = (await h.run("theta.ai.gpuCluster.list")) as { clusters: Array<Record<string, unknown>> };
    expect(r.clusters).toHaveLength(1);
    expect(r.clusters[0]).toMatchObject({ name: "double-cluster", node_count: 2, project_id: prj });
    expect(sent("GET", "/controller/cluster/list")[0]?.query).toEqual({ project_id: prj });
  });

  it("storage.list sends camelCase projectId (not project_id) with page/number", async () => {
    const r = (await h.run("theta.ai.storage.list")) as {
      claims: Array<Record<string, unknown>>;
      total_count: number;
    };
    expect(r.total_count).toBe(1);
    expect(r.claims[0]).toMatchObject({ name: "double-volume", size_gb: 50, status: "Bound" });
    const q = sent("GET", "/controller/volume/claim")[0]?.query;
    expect(q).toEqual({ projectId: prj, page: "1", number: "20" });
    expect(q).not.toHaveProperty("project_id");
    const p2 = (await h.run("theta.ai.storage.list", { page: 2 })) as { claims: unknown[] };
    expect(p2.claims).toEqual([]);
  });

  it.each([
    "theta.ai.dedicatedDeployments.list",
    "theta.ai.jupyter.list",
    "theta.ai.gpuNode.list",
    "theta.ai.gpuCluster.list",
    "theta.ai.storage.list",
  ])("%s with a wrong key is theta_unauthorized without the key in message or JSON", async (op) => {
    const err = await failure(runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), op));
    expect(err.code).toBe("theta_unauthorized");
    expect(err.message).not.toContain(WRONG_KEY);
    expect(JSON.stringify(err.toJSON())).not.toContain(WRONG_KEY);
  });
});

describe("theta.ai.agent.*", () => {
  const seedBot = async () =>
    ((await h.run("theta.ai.agent.list")) as { chatbots: Chatbot[] }).chatbots.find(
      (b) => b.name === "Double Support Bot",
    )!;

  it("list returns the project's chatbots with project_id, page and number", async () => {
    const r = (await h.run("theta.ai.agent.list")) as { chatbots: Chatbot[]; total_count: number };
    expect(r.total_count).toBe(1);
    expect(r.chatbots[0]).toMatchObject({ name: "Double Support Bot", project_id: prj });
    expect(sent("GET", "/controller/chatbot/list")[0]?.query).toEqual({
      project_id: prj,
      page: "0",
      number: "100",
    });
  });

  it("create (payload form) sends the fields plus project_id and the chatbot can be read back", async () => {
    const settings = {
      retriever: { type: "rerank" },
      agent: { tools: { web_search: false, text_to_sql: false } },
    };
    const bot = (await h.run("theta.ai.agent.create", {
      payload: { name: "Docs Bot", system_prompt: "Answer briefly.", temperature: 0.2, settings },
    })) as Chatbot;
    expect(bot.id).toMatch(/^chatbot_/);
    expect(bot).toMatchObject({ name: "Docs Bot", system_prompt: "Answer briefly.", temperature: 0.2 });
    expect(sent("POST", "/controller/chatbot")[0]?.body).toEqual({
      name: "Docs Bot",
      system_prompt: "Answer briefly.",
      temperature: 0.2,
      settings,
      project_id: prj,
    });
    const got = (await h.run("theta.ai.agent.get", { chatbotId: bot.id })) as Chatbot;
    expect(got).toMatchObject({ id: bot.id, name: "Docs Bot", settings });
    expect(((await h.run("theta.ai.agent.list")) as { total_count: number }).total_count).toBe(2);
  });

  it("create without a name is INVALID_INPUT and sends nothing", async () => {
    const err = await failure(h.run("theta.ai.agent.create", { payload: { temperature: 0.5 } }));
    expect(err.code).toBe("INVALID_INPUT");
    expect(err.message).toContain("name");
    expect(h.double.requests).toHaveLength(0);
  });

  it("get returns one chatbot (project_id in the query); an unknown id is theta_not_found", async () => {
    const seed = await seedBot();
    h.double.reset();
    const got = (await h.run("theta.ai.agent.get", { chatbotId: seed.id })) as Chatbot;
    expect(got).toMatchObject({ id: seed.id, name: "Double Support Bot", context_window: 8192 });
    expect(String(got.llm_endpoint)).toMatch(/\/v1$/);
    expect(sent("GET", `/controller/chatbot/${seed.id}`)[0]?.query).toEqual({ project_id: prj });
    const err = await failure(h.run("theta.ai.agent.get", { chatbotId: "chatbot_nope" }));
    expect(err.code).toBe("theta_not_found");
  });

  it("update PUTs only the given fields plus project_id and the change sticks", async () => {
    const seed = await seedBot();
    const warm = [{ role: "user", content: "What is Theta?" }];
    const r = (await h.run("theta.ai.agent.update", {
      chatbotId: seed.id,
      payload: { warm_up_messages: warm, max_tokens: 900 },
    })) as Chatbot;
    expect(r).toMatchObject({ id: seed.id, warm_up_messages: warm, max_tokens: 900 });
    expect(sent("PUT", `/controller/chatbot/${seed.id}`)[0]?.body).toEqual({
      warm_up_messages: warm,
      max_tokens: 900,
      project_id: prj,
    });
    const got = (await h.run("theta.ai.agent.get", { chatbotId: seed.id })) as Chatbot;
    expect(got).toMatchObject({ warm_up_messages: warm, max_tokens: 900, name: "Double Support Bot" });
  });

  it("update refuses a path-changing chatbot id before any request", async () => {
    const err = await failure(h.run("theta.ai.agent.update", { chatbotId: "../deployment/list", name: "x" }));
    expect(["INVALID_INPUT", "INVALID_CHATBOT_ID"]).toContain(err.code);
    expect(h.double.requests).toHaveLength(0);
  });

  it.each([
    ["theta.ai.agent.list", {}],
    ["theta.ai.agent.create", { name: "Nope" }],
    ["theta.ai.agent.get", { chatbotId: "chatbot_x" }],
    ["theta.ai.agent.update", { chatbotId: "chatbot_x", name: "Nope" }],
  ])("%s with a wrong key is theta_unauthorized without the key in the message", async (op, input) => {
    const err = await failure(runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), op, input));
    expect(err.code).toBe("theta_unauthorized");
    expect(err.message).not.toContain(WRONG_KEY);
    expect(JSON.stringify(err.toJSON())).not.toContain(WRONG_KEY);
  });
});

describe("theta.ai.agent.document.*", () => {
  let botId: string;
  let seedDocId: string;
  beforeEach(async () => {
    const list = (await h.run("theta.ai.agent.list")) as { chatbots: Chatbot[] };
    botId = list.chatbots[0]!.id;
    const docs = (await h.run("theta.ai.agent.document.list", { chatbotId: botId })) as {
      documents: Array<{ id: string }>;
    };
    seedDocId = docs.documents[0]!.id;
    h.double.requests.length = 0;
  });

  type Multipart = {
    multipart: {
      fields: Record<string, string>;
      files: Array<{ field: string; filename: string; contentType: string; size: number }>;
    };
  };
  /** The multipart parts the double received (fails when the request or its form is missing). */
  const multipartOf = (req: LoggedRequest | undefined): Multipart["multipart"] => {
    expect(req?.body).toHaveProperty("multipart");
    return (req!.body as Multipart).multipart;
  };

  it("create uploads multipart file + project_id + metadata, and the document reads back", async () => {
    const content = "Deployments are billed per hour while running.";
    const r = (await h.run("theta.ai.agent.document.create", {
      chatbotId: botId,
      file: { filename: "billing.txt", content },
      metadata: { query_type: "text", description: "billing faq" },
    })) as { id: string };
    expect(r.id).toMatch(/^doc_/);
    const post = sent("POST", `/controller/chatbot/${botId}/document`);
    expect(post).toHaveLength(1);
    const { fields, files } = multipartOf(post[0]);
    expect(fields.project_id).toBe(prj);
    expect(JSON.parse(fields.metadata ?? "null")).toEqual({
      type: "file",
      filename: "billing.txt",
      query_type: "text",
      description: "billing faq",
    });
    expect(files).toEqual([
      { field: "file", filename: "billing.txt", contentType: "text/plain", size: Buffer.byteLength(content) },
    ]);
    const got = (await h.run("theta.ai.agent.document.get", { chatbotId: botId, documentId: r.id })) as {
      content: string;
      metadata: Record<string, unknown>;
    };
    expect(got.content).toBe(content);
    expect(got.metadata).toMatchObject({ description: "billing faq", filename: "billing.txt" });
  });

  it("create decodes base64 content and keeps the given content type", async () => {
    const csv = "region,price\nus-west,0.35\n";
    const r = (await h.run("theta.ai.agent.document.create", {
      chatbotId: botId,
      file: {
        filename: "prices.csv",
        content: Buffer.from(csv).toString("base64"),
        encoding: "base64",
        contentType: "text/csv",
      },
    })) as { id: string };
    const file = multipartOf(sent("POST", `/controller/chatbot/${botId}/document`)[0]).files[0];
    expect(file).toMatchObject({ field: "file", filename: "prices.csv", size: Buffer.byteLength(csv) });
    expect(file?.contentType).toMatch(/^text\/csv/);
    const got = (await h.run("theta.ai.agent.document.get", { chatbotId: botId, documentId: r.id })) as {
      content: string;
    };
    expect(got.content).toBe(csv);
  });

  it("update replaces the document with a new multipart upload", async () => {
    const r = (await h.run("theta.ai.agent.document.update", {
      chatbotId: botId,
      documentId: seedDocId,
      file: { filename: "intro-v2.txt", content: "Theta EdgeCloud: GPUs on demand." },
      metadata: { query_type: "text", description: "intro v2" },
    })) as { id: string };
    expect(r.id).toBe(seedDocId);
    const put = sent("PUT", `/controller/chatbot/${botId}/document/${seedDocId}`);
    expect(put).toHaveLength(1);
    const { fields, files } = multipartOf(put[0]);
    expect(fields.project_id).toBe(prj);
    expect(JSON.parse(fields.metadata ?? "null")).toMatchObject({
      filename: "intro-v2.txt",
      description: "intro v2",
    });
    expect(files.map((f) => [f.field, f.filename])).toEqual([["file", "intro-v2.txt"]]);
    const got = (await h.run("theta.ai.agent.document.get", { chatbotId: botId, documentId: seedDocId })) as {
      content: string;
    };
    expect(got.content).toBe("Theta EdgeCloud: GPUs on demand.");
  });

  it("get returns the seeded document's content and metadata", async () => {
    const got = (await h.run("theta.ai.agent.document.get", { chatbotId: botId, documentId: seedDocId })) as {
      id: string;
      content: string;
      metadata: Record<string, unknown>;
    };
    expect(got).toEqual({
      id: seedDocId,
      content: "Theta EdgeCloud is a hybrid cloud for AI workloads.",
      metadata: expect.objectContaining({ query_type: "text", description: "intro" }),
    });
  });

  it("list returns the chatbot's documents with page/number, including new ones", async () => {
    await h.run("theta.ai.agent.document.create", {
      chatbotId: botId,
      file: { filename: "more.txt", content: "more words here" },
    });
    h.double.requests.length = 0;
    const r = (await h.run("theta.ai.agent.document.list", { chatbotId: botId })) as {
      documents: Array<{ id: string; metadata: Record<string, unknown>; embedding_token_count: number }>;
      total_documents: number;
    };
    expect(r.total_documents).toBe(2);
    expect(r.documents.map((d) => d.metadata.filename).sort()).toEqual(["intro.txt", "more.txt"]);
    expect(r.documents.find((d) => d.metadata.filename === "more.txt")?.embedding_token_count).toBe(3);
    expect(sent("GET", `/controller/chatbot/${botId}/document/list`)[0]?.query).toEqual({
      project_id: prj,
      page: "0",
      number: "30",
    });
  });

  it("updating a document that is gone is theta_not_found", async () => {
    const err = await failure(
      h.run("theta.ai.agent.document.update", {
        chatbotId: botId,
        documentId: "doc_gone",
        file: { filename: "x.txt", content: "x" },
      }),
    );
    expect(err.code).toBe("theta_not_found");
    expect(err.status).toBe(404);
  });

  it("creating a document for an unknown chatbot is theta_not_found after a single POST", async () => {
    const err = await failure(
      h.run("theta.ai.agent.document.create", {
        chatbotId: "chatbot_gone",
        file: { filename: "x.txt", content: "x" },
      }),
    );
    expect(err.code).toBe("theta_not_found");
    expect(h.double.count("POST", "/controller/chatbot/chatbot_gone/document")).toBe(1);
  });

  it("refuses a file without a filename before any request", async () => {
    const err = await failure(
      h.run("theta.ai.agent.document.create", { chatbotId: botId, file: { filename: "", content: "x" } }),
    );
    expect(err.code).toBe("INVALID_INPUT");
    expect(h.double.requests).toHaveLength(0);
  });

  it.each([
    ["theta.ai.agent.document.create", { file: { filename: "a.txt", content: "a" } }],
    ["theta.ai.agent.document.update", { documentId: "doc_x", file: { filename: "a.txt", content: "a" } }],
    ["theta.ai.agent.document.get", { documentId: "doc_x" }],
    ["theta.ai.agent.document.list", {}],
  ])("%s with a wrong key is theta_unauthorized without the key in the message", async (op, input) => {
    const err = await failure(
      runWith(h.runtimeWith({ THETA_EC_API_KEY: WRONG_KEY }), op, { chatbotId: botId, ...input }),
    );
    expect(err.code).toBe("theta_unauthorized");
    expect(err.message).not.toContain(WRONG_KEY);
    expect(JSON.stringify(err.toJSON())).not.toContain(WRONG_KEY);
    expect(h.double.requests.length).toBeGreaterThan(0);
  });
});
