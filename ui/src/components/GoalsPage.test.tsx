import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeWithWorkspace } from "../testing/fakeBackend";
import { findFrame, renderApp } from "../testing/render";

async function openGoals(role: "senior" | "junior" = "senior") {
  const { backend } = await fakeWithWorkspace(role === "senior" ? "Sam Rivera" : "Jo Chen", role);
  const rendered = renderApp(backend);
  await rendered.user.click((await findFrame()).goals);
  await screen.findByText(/No goals yet/);
  return { backend, ...rendered };
}

describe("Goals page", () => {
  it("adds a goal with its description and lists it", async () => {
    const { user, backend } = await openGoals();
    await user.type(screen.getByTestId("goal-title"), "Grow self-serve revenue");
    await user.type(screen.getByTestId("goal-description"), "30% of new revenue by 2028");
    await user.click(screen.getByTestId("goal-add"));

    const goal = await screen.findByTestId("goal-item");
    expect(goal).toHaveTextContent("Grow self-serve revenue");
    expect(within(goal).getByText("30% of new revenue by 2028")).toHaveClass("muted");
    expect(screen.queryByText(/No goals yet/)).not.toBeInTheDocument();
    // The form is ready for the next one.
    expect(screen.getByTestId("goal-title")).toHaveValue("");
    expect(screen.getByTestId("goal-description")).toHaveValue("");
    expect(backend.goals.map((g) => g.title)).toEqual(["Grow self-serve revenue"]);
  });

  it("Enter in the title submits, and goals are listed in order", async () => {
    const { user } = await openGoals();
    await user.type(screen.getByTestId("goal-title"), "Win enterprise{Enter}");
    await screen.findByText("Win enterprise");
    await user.type(screen.getByTestId("goal-title"), "Delight admins{Enter}");
    await screen.findByText("Delight admins");

    const titles = screen.getAllByTestId("goal-item").map((li) => li.querySelector(".goal-title")?.textContent);
    expect(titles).toEqual(["Delight admins", "Win enterprise"]);
  });

  it("an empty title shows the core's message and keeps what was typed", async () => {
    const { user, backend } = await openGoals();
    await user.type(screen.getByTestId("goal-title"), "   ");
    await user.type(screen.getByTestId("goal-description"), "Careful words");
    await user.click(screen.getByTestId("goal-add"));

    expect(await screen.findByTestId("error")).toHaveTextContent("goal title is empty");
    expect(screen.getByTestId("goal-description")).toHaveValue("Careful words");
    expect(screen.getByTestId("goal-title")).toHaveValue("   ");
    expect(screen.queryByTestId("goal-item")).not.toBeInTheDocument();
    expect(backend.goals).toEqual([]);

    // A later success clears the banner.
    await user.clear(screen.getByTestId("goal-title"));
    await user.type(screen.getByTestId("goal-title"), "Grow{Enter}");
    expect(await screen.findByTestId("goal-item")).toHaveTextContent("Grow");
    expect(screen.queryByTestId("error")).not.toBeInTheDocument();
  });

  it("a junior PM reads the goals but sees no form to add one", async () => {
    const { user } = await openGoals("junior");
    expect(screen.getByText("No goals yet — a senior PM or leadership adds them.")).toBeInTheDocument();
    for (const id of ["goal-title", "goal-description", "goal-measure", "goal-add"]) {
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    }
    expect(screen.queryByRole("form", { name: "Add goal" })).not.toBeInTheDocument();
    // N has no new-entry field to focus, and nothing is sent.
    await user.keyboard("n");
    expect(screen.queryByTestId("error")).not.toBeInTheDocument();
  });

  it("a half-typed goal survives a visit to another page", async () => {
    const { user } = await openGoals();
    await user.type(screen.getByTestId("goal-title"), "Half a thought");
    await user.type(screen.getByTestId("goal-description"), "and more");
    await user.click(screen.getByTestId("nav-roadmap"));
    expect(screen.queryByTestId("goal-title")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("nav-goals"));

    expect(await screen.findByTestId("goal-title")).toHaveValue("Half a thought");
    expect(screen.getByTestId("goal-description")).toHaveValue("and more");
  });
});

describe("Goal measures", () => {
  it("adds a goal with how it is measured, shows it on the row and edits it", async () => {
    const { user, backend } = await openGoals();
    await user.type(screen.getByTestId("goal-title"), "Grow self-serve revenue");
    await user.type(screen.getByTestId("goal-measure"), "net new self-serve ARR");
    await user.click(screen.getByTestId("goal-add"));

    const row = await screen.findByTestId("goal-item");
    expect(within(row).getByTestId("goal-measure-text")).toHaveTextContent("net new self-serve ARR");
    expect(screen.getByTestId("goal-measure")).toHaveValue("");
    expect(backend.callsOf("goal_create")).toEqual([
      { title: "Grow self-serve revenue", description: "", measure: "net new self-serve ARR" },
    ]);

    await user.click(within(row).getByTestId("goal-measure-edit"));
    const input = within(row).getByTestId("goal-measure-input");
    expect(input).toHaveValue("net new self-serve ARR");
    await user.clear(input);
    await user.type(input, "NPS > 50{Enter}");
    expect(await within(row).findByTestId("goal-measure-text")).toHaveTextContent("NPS > 50");
    expect(backend.callsOf("goal_update")).toEqual([{ id: backend.goals[0].id, measure: "NPS > 50" }]);
    expect(backend.goals[0].measure).toBe("NPS > 50");
  });

  it("a junior PM sees measures but no edit button", async () => {
    const { backend } = await fakeWithWorkspace();
    await backend.call("goal_create", { title: "Win enterprise", measure: "10 logos" });
    const jo = await backend.call("member_create", { name: "Jo Chen", role: "junior" });
    backend.actAs(jo.id);
    const { user } = renderApp(backend);
    await user.click((await findFrame()).goals);
    const row = await screen.findByTestId("goal-item");
    expect(within(row).getByTestId("goal-measure-text")).toHaveTextContent("10 logos");
    expect(within(row).queryByTestId("goal-measure-edit")).not.toBeInTheDocument();
    expect(screen.queryByTestId("goal-title")).not.toBeInTheDocument();
  });
});
