import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Faults } from "../testing/faults";
import { Team, withWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

async function openGoals(role: "senior" | "junior" = "senior") {
  const { backend } = await withWorkspace(role === "senior" ? "Sam Rivera" : "Jo Chen", role);
  const rendered = renderApp(backend);
  await rendered.user.click((await findFrame()).goals);
  await screen.findByText(/No goals yet/);
  return { backend, ...rendered };
}

describe("Goals page", () => {
  it("adds a goal with its description and lists it", async () => {
    const { user, backend } = await openGoals();
    await user.type(screen.getByRole("textbox", { name: "Goal title" }), "Grow self-serve revenue");
    await user.type(screen.getByRole("textbox", { name: "Goal description" }), "30% of new revenue by 2028");
    await user.click(screen.getByRole("button", { name: "Add goal" }));

    const goal = await screen.findByTestId("goal-item");
    expect(goal).toHaveTextContent("Grow self-serve revenue");
    expect(within(goal).getByText("30% of new revenue by 2028")).toHaveClass("muted");
    expect(screen.queryByText(/No goals yet/)).not.toBeInTheDocument();
    // The form is ready for the next one.
    expect(screen.getByRole("textbox", { name: "Goal title" })).toHaveValue("");
    expect(screen.getByRole("textbox", { name: "Goal description" })).toHaveValue("");
    expect((await backend.send("goal_list", {})).map((g) => [g.title, g.description])).toEqual([
      ["Grow self-serve revenue", "30% of new revenue by 2028"],
    ]);
  });

  it("Enter in the title submits, and goals are listed in order", async () => {
    const { user } = await openGoals();
    await user.type(screen.getByRole("textbox", { name: "Goal title" }), "Win enterprise{Enter}");
    await screen.findByText("Win enterprise");
    await user.type(screen.getByRole("textbox", { name: "Goal title" }), "Delight admins{Enter}");
    await screen.findByText("Delight admins");

    const titles = screen.getAllByTestId("goal-item").map((li) => li.querySelector(".goal-title")?.textContent);
    expect(titles).toEqual(["Delight admins", "Win enterprise"]);
  });

  it("an empty title shows the core's message and keeps what was typed", async () => {
    const { user, backend } = await openGoals();
    await user.type(screen.getByRole("textbox", { name: "Goal title" }), "   ");
    await user.type(screen.getByRole("textbox", { name: "Goal description" }), "Careful words");
    await user.click(screen.getByRole("button", { name: "Add goal" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("goal title is empty");
    expect(screen.getByRole("textbox", { name: "Goal description" })).toHaveValue("Careful words");
    expect(screen.getByRole("textbox", { name: "Goal title" })).toHaveValue("   ");
    expect(screen.queryByTestId("goal-item")).not.toBeInTheDocument();
    expect(await backend.send("goal_list", {})).toEqual([]);

    // A later success clears the banner.
    await user.clear(screen.getByRole("textbox", { name: "Goal title" }));
    await user.type(screen.getByRole("textbox", { name: "Goal title" }), "Grow{Enter}");
    expect(await screen.findByTestId("goal-item")).toHaveTextContent("Grow");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
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
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("a half-typed goal survives a visit to another page", async () => {
    const { user } = await openGoals();
    await user.type(screen.getByRole("textbox", { name: "Goal title" }), "Half a thought");
    await user.type(screen.getByRole("textbox", { name: "Goal description" }), "and more");
    await user.click(screen.getByTestId("nav-roadmap"));
    expect(screen.queryByRole("textbox", { name: "Goal title" })).not.toBeInTheDocument();
    await user.click(screen.getByTestId("nav-goals"));

    expect(await screen.findByRole("textbox", { name: "Goal title" })).toHaveValue("Half a thought");
    expect(screen.getByRole("textbox", { name: "Goal description" })).toHaveValue("and more");
  });
});

describe("Goal measures", () => {
  it("adds a goal with how it is measured, shows it on the row and edits it", async () => {
    const { user, backend } = await openGoals();
    await user.type(screen.getByRole("textbox", { name: "Goal title" }), "Grow self-serve revenue");
    await user.type(screen.getByRole("textbox", { name: "How progress is measured" }), "net new self-serve ARR");
    await user.click(screen.getByRole("button", { name: "Add goal" }));

    const row = await screen.findByTestId("goal-item");
    expect(within(row).getByTestId("goal-measure-text")).toHaveTextContent("net new self-serve ARR");
    expect(screen.getByRole("textbox", { name: "How progress is measured" })).toHaveValue("");
    expect(backend.callsOf("goal_create")).toEqual([
      { title: "Grow self-serve revenue", description: "", measure: "net new self-serve ARR" },
    ]);

    await user.click(within(row).getByTestId("goal-measure-edit"));
    const input = within(row).getByTestId("goal-measure-input");
    expect(input).toHaveValue("net new self-serve ARR");
    await user.clear(input);
    await user.type(input, "NPS > 50{Enter}");
    expect(await within(row).findByTestId("goal-measure-text")).toHaveTextContent("NPS > 50");
    const [goal] = await backend.send("goal_list", {});
    expect(backend.callsOf("goal_update")).toEqual([{ id: goal.id, measure: "NPS > 50" }]);
    expect(goal.measure).toBe("NPS > 50");
  });

  it("a junior PM sees measures but no edit button", async () => {
    const team = await Team.create();
    await team.home.send("goal_create", { title: "Win enterprise", measure: "10 logos" });
    const backend = await team.laptop("Jo Chen", "junior");
    const { user } = renderApp(backend);
    await user.click((await findFrame()).goals);
    const row = await screen.findByTestId("goal-item");
    expect(within(row).getByTestId("goal-measure-text")).toHaveTextContent("10 logos");
    expect(within(row).queryByTestId("goal-measure-edit")).not.toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: /Edit/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Goal title" })).not.toBeInTheDocument();
  });

  it("edits a goal's title, description and measure in place with one update", async () => {
    const { backend } = await withWorkspace();
    const goal = await backend.send("goal_create", { title: "Win enterprise", description: "Big logos", measure: "10 logos" });
    const { user } = renderApp(backend);
    await user.click((await findFrame()).goals);
    const row = await screen.findByTestId("goal-item");

    const edit = within(row).getByRole("button", { name: "Edit Win enterprise" });
    await user.click(edit);
    const form = within(row).getByRole("form", { name: "Edit Win enterprise" });
    const title = within(form).getByTestId("goal-title-input");
    expect(title).toHaveValue("Win enterprise");
    expect(title).toHaveFocus();
    expect(within(form).getByTestId("goal-description-input")).toHaveValue("Big logos");
    expect(within(form).getByTestId("goal-measure-input")).toHaveValue("10 logos");

    await user.clear(title);
    await user.type(title, "Win mid-market");
    await user.clear(within(form).getByTestId("goal-description-input"));
    await user.type(within(form).getByTestId("goal-description-input"), "Teams of 50–500");
    await user.click(within(form).getByTestId("goal-measure-save"));

    await waitFor(() => expect(row.querySelector(".goal-title")).toHaveTextContent("Win mid-market"));
    expect(within(row).getByText("Teams of 50–500")).toBeInTheDocument();
    expect(within(row).getByTestId("goal-measure-text")).toHaveTextContent("10 logos");
    // Only what changed, in one call.
    expect(backend.callsOf("goal_update")).toEqual([
      { id: goal.id, title: "Win mid-market", description: "Teams of 50–500" },
    ]);
    expect(await backend.send("goal_list", {})).toEqual([
      { id: goal.id, title: "Win mid-market", description: "Teams of 50–500", measure: "10 logos" },
    ]);
    expect(within(row).queryByTestId("goal-title-input")).not.toBeInTheDocument();
    // The keyboard is back on the row's Edit button.
    expect(within(row).getByRole("button", { name: "Edit Win mid-market" })).toHaveFocus();
  });

  it("an empty title is refused with the core's message and keeps what was typed", async () => {
    const { backend } = await withWorkspace();
    await backend.send("goal_create", { title: "Win enterprise", measure: "" });
    const { user } = renderApp(backend);
    await user.click((await findFrame()).goals);
    const row = await screen.findByTestId("goal-item");

    await user.click(within(row).getByTestId("goal-measure-edit"));
    await user.clear(within(row).getByTestId("goal-title-input"));
    await user.type(within(row).getByTestId("goal-description-input"), "Careful words");
    await user.click(within(row).getByTestId("goal-measure-save"));

    expect(await screen.findByRole("alert")).toHaveTextContent("goal title is empty");
    expect(within(row).getByTestId("goal-title-input")).toHaveValue("");
    expect(within(row).getByTestId("goal-description-input")).toHaveValue("Careful words");
    const [goal] = await backend.send("goal_list", {});
    expect(goal.title).toBe("Win enterprise");
    expect(goal.description).toBe("");

    // Cancel (Escape) leaves the goal as it was and returns to the Edit button.
    await user.keyboard("{Escape}");
    expect(within(row).queryByTestId("goal-title-input")).not.toBeInTheDocument();
    expect(row.querySelector(".goal-title")).toHaveTextContent("Win enterprise");
    expect(within(row).getByTestId("goal-measure-edit")).toHaveFocus();
  });

  it("Cancel discards the edits; an untouched Save sends nothing", async () => {
    const { backend } = await withWorkspace();
    await backend.send("goal_create", { title: "Win enterprise", measure: "10 logos" });
    const { user } = renderApp(backend);
    await user.click((await findFrame()).goals);
    const row = await screen.findByTestId("goal-item");

    await user.click(within(row).getByTestId("goal-measure-edit"));
    await user.type(within(row).getByTestId("goal-title-input"), " now");
    await user.click(within(row).getByRole("button", { name: "Cancel" }));
    expect(row.querySelector(".goal-title")).toHaveTextContent("Win enterprise");
    expect(within(row).getByTestId("goal-measure-edit")).toHaveFocus();

    await user.click(within(row).getByTestId("goal-measure-edit"));
    expect(within(row).getByTestId("goal-title-input")).toHaveValue("Win enterprise");
    await user.click(within(row).getByTestId("goal-measure-save"));
    expect(within(row).queryByTestId("goal-title-input")).not.toBeInTheDocument();
    expect(backend.callsOf("goal_update")).toEqual([]);
  });

  it("saved values stay shown until the goals are read again (no flash of the old ones)", async () => {
    const { backend } = await withWorkspace();
    await backend.send("goal_create", { title: "Win enterprise", measure: "10 logos" });
    const faults = new Faults(backend);
    const { user } = renderApp(faults);
    await user.click((await findFrame()).goals);
    const row = await screen.findByTestId("goal-item");

    await user.click(within(row).getByRole("button", { name: "Edit Win enterprise" }));
    const slow = faults.hold("goal_list");
    const measure = within(row).getByLabelText("Measure of Win enterprise");
    await user.clear(measure);
    await user.type(measure, "12 logos{Enter}");
    await waitFor(() => expect(within(row).queryByRole("form")).not.toBeInTheDocument());
    expect(within(row).getByTestId("goal-measure-text")).toHaveTextContent("12 logos");

    slow.release();
    await waitFor(() => expect(backend.callsOf("goal_list").length).toBeGreaterThan(1));
    await act(() => backend.idle());
    expect(within(row).getByTestId("goal-measure-text")).toHaveTextContent("12 logos");
    expect((await backend.send("goal_list", {}))[0].measure).toBe("12 logos");
  });
});
