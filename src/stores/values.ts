import type { CoreValue } from '@core/values/core-value'
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { call } from '../api/culture'

type ValueFields = Pick<CoreValue, 'name' | 'description' | 'color'>

/** Mirrors the library's core values; refreshed whenever the core announces a change. */
export const useValuesStore = defineStore('values', () => {
  const values = ref<CoreValue[]>([])
  const loaded = ref(false)
  const byId = computed(() => new Map(values.value.map((v) => [v.id, v])))

  async function load() {
    values.value = await call('values.list', {})
    loaded.value = true
  }

  return {
    values,
    loaded,
    byId,
    load,
    create: (fields: ValueFields) => call('values.create', fields),
    update: (id: string, fields: ValueFields) => call('values.update', { id, fields }),
    reorder: async (ids: string[]) => {
      values.value = await call('values.reorder', { ids })
    },
    remove: (id: string) => call('values.delete', { id }),
  }
})
