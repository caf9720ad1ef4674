//! The synced tables of product families and products.

use crate::access::{Action, Relational, Rule};
use crate::registry::{field, Kind, Restore, Table};

pub(crate) static PRODUCT: Table = Table {
    name: "product",
    label: "product",
    title: "name",
    fields: &[
        field("name", Kind::Text, "name").restore(Restore::Command),
        // No command hands a product over yet; restore must not be the way to do it.
        field("owner_id", Kind::OptText, "owner")
            .restore(Restore::Never("a product's owner is not changed by restoring")),
        field("deleted", Kind::Bool, "deleted"),
        field("family_id", Kind::OptText, "family").restore(Restore::Command),
        field("base_year", Kind::Int(2000, 2100), "planning base year").restore(Restore::Command),
    ],
    // The owner (or leadership) edits a product; a product no one owns yet is being created.
    rule: Rule::Holds {
        path: &[],
        holder: "owner_id",
        action: Relational::EditRoadmap,
        what: "edit the product {}|edit products",
    },
};

pub(crate) static PRODUCT_FAMILY: Table = Table {
    name: "product_family",
    label: "product family",
    title: "name",
    fields: &[field("name", Kind::Text, "name"), field("deleted", Kind::Bool, "deleted")],
    rule: Rule::Role { action: Action::CreateProduct, what: "edit product families" },
};
