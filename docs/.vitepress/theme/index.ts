// The default theme, with a content column wide enough for the steps' code (see style.css).
import DefaultTheme from 'vitepress/theme';
import './style.css';

export default DefaultTheme;
