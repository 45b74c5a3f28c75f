// TEMPORARY: views /studio until the router registers it. Delete after use.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import StudioView from './src/views/StudioView.vue'
import './src/styles/theme.css'
import './src/styles/base.css'
createApp(StudioView).use(createPinia()).mount('#app')
