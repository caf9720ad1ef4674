import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { addDays, today } from "../planning";
import { sampleWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

describe("Launches", () => {
  it("sets up a launch, refuses to mark it launched with a mandatory entry open, then launches it anyway", async () => {
    const { backend } = await sampleWorkspace();
    const { user } = renderApp(backend);
    await findFrame();

    await user.keyboard("l");
    expect(await screen.findByTestId("launches-page")).toBeInTheDocument();

    // Sam owns both products: he sets up the launch of the delegated item, run by Ana by default.
    const itemSelect = await screen.findByTestId("launch-new-item");
    const option = await waitFor(() => {
      const found = within(itemSelect)
        .getAllByRole<HTMLOptionElement>("option")
        .find((o) => o.textContent?.startsWith("Apple Pay and Google Pay"));
      expect(found).toBeDefined();
      return found!;
    });
    await user.selectOptions(itemSelect, option);
    await waitFor(() => expect(screen.getByTestId("launch-new-owner")).toHaveDisplayValue("Ana Ortiz (delegated)"));
    const target = addDays(today(), 10);
    await user.clear(screen.getByTestId("launch-new-target"));
    await user.type(screen.getByTestId("launch-new-target"), target);
    await user.click(screen.getByTestId("launch-create"));

    const row = await screen.findByTestId("launch-row");
    expect(row).toHaveTextContent(target);
    expect(row).toHaveTextContent("Apple Pay and Google Pay");
    expect(row).toHaveTextContent("Checkout");
    expect(row).toHaveTextContent("Ana Ortiz");
    expect(row).toHaveTextContent("Planned");
    // The item has its launch: it is no longer offered.
    await waitFor(() =>
      expect(
        within(screen.getByTestId("launch-new-item"))
          .queryAllByRole("option")
          .some((o) => o.textContent?.startsWith("Apple Pay and Google Pay")),
      ).toBe(false),
    );

    await user.click(row);
    const detail = await screen.findByTestId("launch-detail");
    await waitFor(() => expect(within(detail).getByTestId("launch-status")).toHaveTextContent("Planned"));
    const before = within(detail).queryAllByTestId("launch-entry").length;

    await user.type(within(detail).getByTestId("launch-entry-new"), "Support team briefed on wallets");
    await user.click(within(detail).getByTestId("launch-entry-mandatory"));
    await user.click(within(detail).getByTestId("launch-entry-add"));
    await waitFor(() => expect(within(detail).getAllByTestId("launch-entry")).toHaveLength(before + 1));
    const entry = within(detail)
      .getAllByTestId("launch-entry")
      .find((e) => e.textContent?.includes("Support team briefed on wallets"))!;
    expect(entry).toHaveTextContent("(mandatory)");
    expect(within(entry).getByTestId("launch-entry-check")).not.toBeChecked();
    await waitFor(() => expect(screen.getByTestId("launch-row")).toHaveTextContent(`0/${before + 1} done`));

    // Notes save when the field is left.
    await user.type(within(detail).getByTestId("launch-notes"), "Go live at 9:00");
    await user.click(detail);
    await waitFor(async () => {
      const launches = await backend.send("launch_list", {});
      expect(launches[0]?.notes).toBe("Go live at 9:00");
    });

    // Mandatory entry open, no reason: the core refuses and the launch stays planned.
    expect(within(detail).getByTestId("launch-anyway")).toBeInTheDocument();
    expect(within(detail).getByText("Launching anyway? Say why")).toBeInTheDocument();
    await user.click(within(detail).getByTestId("launch-mark"));
    const error = await screen.findByTestId("error");
    expect(error.textContent).toMatch(/mandatory|open/i);
    expect(within(detail).getByTestId("launch-status")).toHaveTextContent("Planned");

    // Ticking an entry counts it.
    await user.click(within(entry).getByTestId("launch-entry-check"));
    await waitFor(() => expect(within(entry).getByTestId("launch-entry-check")).toBeChecked());
    await waitFor(() => expect(screen.getByTestId("launch-row")).toHaveTextContent(`1/${before + 1} done`));

    // With a reason (when mandatory entries are still open) it launches.
    if (within(detail).queryByTestId("launch-anyway")) {
      await user.type(within(detail).getByTestId("launch-anyway"), "The template entries are covered elsewhere");
    }
    await user.click(within(detail).getByTestId("launch-mark"));
    await waitFor(() => expect(within(detail).getByTestId("launch-status")).toHaveTextContent("Launched"));
    expect(screen.queryByTestId("error")).not.toBeInTheDocument();
    expect(within(detail).queryByTestId("launch-mark")).not.toBeInTheDocument();
    expect(within(entry).getByTestId("launch-entry-check")).toBeDisabled();
  });

  it("launches anyway with a reason, shown on the launch", async () => {
    const { backend, me } = await sampleWorkspace();
    const items = await backend.send("item_list", {});
    const item = items.find((i) => i.title === "Apple Pay and Google Pay")!;
    const launch = await backend.send("launch_create", { itemId: item.id, ownerId: me.id, targetOn: addDays(today(), 3) });
    await backend.send("launch_entry_add", { launchId: launch.id, text: "Legal sign-off", mandatory: true });
    const { user } = renderApp(backend);
    await findFrame();
    await user.click(screen.getByTestId("nav-launches"));
    await user.click(await screen.findByTestId("launch-row"));
    const detail = await screen.findByTestId("launch-detail");
    await user.type(await within(detail).findByTestId("launch-anyway"), "Legal approved by mail");
    await user.click(within(detail).getByTestId("launch-mark"));
    await waitFor(() => expect(within(detail).getByTestId("launch-status")).toHaveTextContent("Launched"));
    expect(within(detail).getByTestId("launch-override")).toHaveTextContent("Legal approved by mail");
    const marked = (await backend.send("launch_list", {})).find((l) => l.id === launch.id)!;
    expect(marked.overrideReason).toBe("Legal approved by mail");
  });

  it("keeps each product's checklist template", async () => {
    const { backend } = await sampleWorkspace();
    const { user } = renderApp(backend);
    await findFrame();
    await user.keyboard("L");
    await user.selectOptions(await screen.findByTestId("template-product"), "Onboarding");
    const before = (await backend.send("launch_template_list", {
      productId: (await backend.send("product_list", {})).find((p) => p.name === "Onboarding")!.id,
    })).length;
    await user.type(screen.getByTestId("template-new"), "Welcome email ready");
    await user.click(screen.getByTestId("template-mandatory"));
    await user.click(screen.getByTestId("template-add"));
    await waitFor(() => expect(screen.getAllByTestId("template-entry")).toHaveLength(before + 1));
    const added = screen.getAllByTestId("template-entry").find((e) => e.textContent?.includes("Welcome email ready"))!;
    expect(added).toHaveTextContent("(mandatory)");
    await user.click(within(added).getByTestId("template-remove"));
    await waitFor(() => expect(screen.queryAllByTestId("template-entry")).toHaveLength(before));
  });
});
