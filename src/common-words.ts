/**
 * The everyday words every area shares live in resources/locales/ui/common.<locale>.json
 * (common.save, common.cancel, common.status.draft, common.language.da …). Some are there for the
 * views to reuse before any of them shows them; naming them here keeps the catalogue test from
 * calling them unused: 'ui:common.save' 'ui:common.saving' 'ui:common.saved'
 * 'ui:common.delete' 'ui:common.edit' 'ui:common.close' 'ui:common.back' 'ui:common.export'
 * 'ui:common.import' 'ui:common.loading' 'ui:common.retry' 'ui:common.undo'
 * 'ui:common.add' 'ui:common.remove' 'ui:common.create' 'ui:common.open' 'ui:common.yes' 'ui:common.no'
 * 'ui:common.language.en' 'ui:common.language.da' 'ui:common.language.sv'
 */
export {}
