import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { withWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

describe("Feedback inbox", () => {
  it("adds feedback, then links and dismisses from the keyboard without leaving the list", async () => {
    const { backend } = await withWorkspace("Sam Rivera", "senior");
    const product = await backend.send("product_create", { name: "Checkout", baseYear: new Date().getFullYear() });
    await backend.send("idea_add", { title: "Guest checkout", productId: product.id });
    const { user } = renderApp(backend);
    await findFrame();

    await user.keyboard("7");
    expect(await screen.findByTestId("feedback-page")).toBeInTheDocument();
    expect(await screen.findByTestId("feedback-empty")).toHaveTextContent("Nothing to triage");

    // N jumps to the quote; the source, customer and who come next.
    await user.keyboard("n");
    expect(screen.getByTestId("feedback-body")).toHaveFocus();
    await user.keyboard("I gave up when it asked for an account");
    await user.selectOptions(screen.getByTestId("feedback-source"), "Support");
    await user.type(screen.getByTestId("feedback-customer"), "Acme Retail");
    await user.click(screen.getByTestId("feedback-add"));
    await user.type(screen.getByTestId("feedback-body"), "Can we pay by invoice?{Control>}{Enter}{/Control}");

    await waitFor(() => expect(screen.getAllByTestId("feedback-row")).toHaveLength(2));
    expect(await screen.findByTestId("nav-feedback-count")).toHaveTextContent("2");
    const account = screen.getAllByTestId("feedback-row").find((r) => r.textContent?.includes("asked for an account"))!;
    expect(account).toHaveTextContent("Support");
    expect(account).toHaveTextContent("Acme Retail");

    // Focus the first row, move down with J, link the one in focus with L.
    screen.getAllByTestId("feedback-row")[0]!.focus();
    await user.keyboard("j");
    const target = screen.getAllByTestId("feedback-row")[1]!;
    expect(target).toHaveFocus();
    const targetText = target.getAttribute("aria-label")!;
    await user.keyboard("l");
    const select = within(target).getByTestId("feedback-link-target");
    expect(select).toHaveFocus();
    await user.selectOptions(select, "Guest checkout · Checkout");
    await user.keyboard("{Enter}");

    await waitFor(() => expect(screen.getAllByTestId("feedback-row")).toHaveLength(1));
    expect(screen.getByTestId("feedback-row")).not.toHaveAttribute("aria-label", targetText);
    await waitFor(() => expect(screen.getByTestId("nav-feedback-count")).toHaveTextContent("1"));

    // The focus moved on to the entry left; X dismisses it with a reason.
    expect(screen.getByTestId("feedback-row")).toHaveFocus();
    await user.keyboard("x");
    await user.keyboard("Billing handles invoices{Enter}");
    expect(await screen.findByTestId("feedback-empty")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId("nav-feedback-count")).not.toBeInTheDocument());

    // The filters show where each one went.
    await user.click(screen.getByTestId("feedback-filter-linked"));
    expect(await screen.findByTestId("feedback-linked")).toHaveTextContent("Linked to idea “Guest checkout”");
    await user.click(screen.getByTestId("feedback-filter-dismissed"));
    expect(await screen.findByTestId("feedback-dismissed")).toHaveTextContent("Dismissed: Billing handles invoices");

    const listed = await backend.send("feedback_list", { show: "all" });
    expect(listed.entries.map((f) => f.triage).sort()).toEqual(["dismissed", "linked"]);
  });
});
